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
