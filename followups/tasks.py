from celery import shared_task


@shared_task
def send_followups():
    from .services import followups_send

    return followups_send()
