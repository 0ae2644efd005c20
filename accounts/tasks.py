import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=30,
    max_retries=6,
)
def send_email(subject: str, body: str, to: str) -> None:
    """Send one account e-mail from the worker, off the request: the page a person sees never
    waits on the mail server (so its timing says nothing about who has an account), and a mail
    server that is down is retried rather than breaking sign-in."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def deliver(subject: str, body: str, to: str) -> None:
    """Queue the e-mail; where tasks run in the request (development), a failure is logged."""
    try:
        send_email.delay(subject, body, to)
    except Exception:  # noqa: BLE001 - in-request delivery failed after its retries: log it
        logger.exception("Could not send an account e-mail to %s", to)
