from celery import shared_task


@shared_task
def send_reminders() -> dict:
    """Daily in production (see CELERY_BEAT_SCHEDULE)."""
    from .services import reminders_send

    return reminders_send()
