from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.admin import PermissionMenuItem

from . import admin_urls, selectors


@hooks.register("register_admin_urls")
def register_tracking_urls():
    return [
        path("compliance/", include((admin_urls, "tracking_admin"), namespace="tracking_admin"))
    ]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return PermissionMenuItem(
        _("Training compliance"),
        reverse("tracking_admin:dashboard"),
        icon_name="table",
        order=300,
        permission=selectors.COMPLIANCE_PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def register_assignments_menu_item():
    return PermissionMenuItem(
        _("Assignments"),
        reverse("tracking_admin:assignments"),
        icon_name="calendar-check",
        order=301,
        permission="tracking.add_assignment",
    )


@hooks.register("bridge_my_training_panels")
def assigned_courses_panel(request):
    """The learner's assigned courses and due dates, for the top of My training."""
    rows = selectors.learner_assignments(user=request.user)
    if not rows:
        return ""
    return render_to_string("tracking/my_assignments.html", {"rows": rows}, request=request)
