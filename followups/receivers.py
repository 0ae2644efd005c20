"""A completion schedules its follow-up."""


def completion_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or not created:
        return
    from .services import followup_schedule

    followup_schedule(completion=instance)
