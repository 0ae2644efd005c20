from celery import shared_task


@shared_task(ignore_result=True)
def deliver_statements():
    """Send the outbox's due statements (queued after each change, and every minute from beat)."""
    from .services import deliver

    return deliver()
