from wagtail import hooks


@hooks.register("bridge_my_training_panels", order=-4)
def sessions_panel(request):
    """The team's sessions to come, the ones attended (with certificates), and a way in."""
    from django.template.loader import render_to_string

    from . import selectors

    sessions = selectors.my_sessions(request.user)
    facilitator = selectors.can_facilitate(request.user)
    return render_to_string(
        "teamsessions/panel.html",
        {"sessions": sessions, "facilitator": facilitator},
        request=request,
    )


@hooks.register("bridge_personal_data")
def personal_data():
    from .personal_data import PART

    return PART


@hooks.register("register_admin_urls")
def register_admin_urls():
    from django.urls import path

    from . import admin_views

    return [
        path(
            "team-sessions/export.csv",
            admin_views.Export.as_view(),
            name="teamsessions_admin_export",
        )
    ]


@hooks.register("register_admin_menu_item")
def register_sessions_menu_item():
    """Trainers and facilitators land in the admin: the sessions they run are one click away (on
    the site, where the shared screen and the register live)."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from core.admin import PermissionMenuItem

    from .selectors import FACILITATE

    return PermissionMenuItem(
        _("Team sessions"),
        reverse("teamsessions:index"),
        icon_name="group",
        order=450,
        permission=FACILITATE,
    )
