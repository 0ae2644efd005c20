from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button


@hooks.register("register_admin_urls")
def register_admin_urls():
    from .admin_views import CourseExport, DispatchAction

    return [
        path("scorm/courses/<int:course_id>/", CourseExport.as_view(), name="scorm_export"),
        path(
            "scorm/courses/<int:course_id>/<uuid:dispatch_id>/",
            DispatchAction.as_view(),
            name="scorm_dispatch",
        ),
    ]


@hooks.register("register_page_header_buttons")
def scorm_button(page, user, view_name=None, next_url=None):
    from courses.models import CoursePage

    from .admin_views import may_export

    if isinstance(page.specific_deferred, CoursePage) and may_export(user):
        yield Button(
            _("Export as SCORM"),
            reverse("scorm_export", args=[page.pk]),
            icon_name="download",
            priority=80,
        )


@hooks.register("bridge_personal_data")
def personal_data():
    from .personal_data import PART

    return PART
