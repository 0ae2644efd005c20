"""The e-mails accounts send. Each is plain text, from a template, sent after the commit."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from core import ratelimit

from .tasks import deliver
from .tokens import verification_token

MAILS_PER_ADDRESS_HOUR = 5


def _absolute(request, path: str) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.BASE_URL.rstrip("/") + path


def _send(*, to: str, template: str, context: dict) -> None:
    send_templated(
        to=to,
        subject_template=f"accounts/email/{template}_subject.txt",
        body_template=f"accounts/email/{template}.txt",
        context=context,
    )


def send_templated(*, to: str, subject_template: str, body_template: str, context: dict) -> None:
    subject = " ".join(render_to_string(subject_template, context).split())
    body = render_to_string(body_template, context)
    # At most a few e-mails an hour to one address, however often anyone asks: no flooding.
    if ratelimit.count(scope="mail-to", subject=to.lower(), window=3600) > MAILS_PER_ADDRESS_HOUR:
        return
    transaction.on_commit(lambda: deliver(subject, body, to))


def send_verification(user, *, request=None) -> None:
    path = reverse("accounts:verify", args=[verification_token(user)])
    days = settings.BRIDGE_EMAIL_VERIFY_SECONDS // 86400
    _send(
        to=user.email,
        template="verify",
        context={"user": user, "url": _absolute(request, path), "days": days},
    )


def send_already_registered(email: str, *, request=None) -> None:
    """Someone tried to register an address that has an account: tell its owner, not them."""
    _send(
        to=email,
        template="already_registered",
        context={
            "sign_in_url": _absolute(request, reverse("accounts:login")),
            "reset_url": _absolute(request, reverse("accounts:password_reset")),
        },
    )
