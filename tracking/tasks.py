from celery import shared_task


@shared_task
def send_reminders() -> dict:
    """Daily in production (see CELERY_BEAT_SCHEDULE)."""
    from .services import reminders_send

    return reminders_send()


@shared_task
def rebuild_compliance() -> int:
    """Nightly in production: the compliance table rebuilt from its sources, as a safety net."""
    from .services import compliance_refresh

    return compliance_refresh()
