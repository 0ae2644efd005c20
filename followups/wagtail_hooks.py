from wagtail import hooks


@hooks.register("bridge_my_training_panels", order=-5)
def followups_panel(request):
    """The follow-ups waiting for the learner's answer."""
    from django.template.loader import render_to_string

    from . import selectors

    followups = selectors.open_for(request.user)
    if not followups:
        return ""
    return render_to_string("followups/panel.html", {"followups": followups}, request=request)


@hooks.register("bridge_personal_data")
def personal_data():
    from .personal_data import PART

    return PART
