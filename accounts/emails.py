"""The e-mails accounts send. Each is plain text, from a template, sent after the commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .tokens import verification_token


def _absolute(request, path: str) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.BASE_URL.rstrip("/") + path


def _send(*, to: str, template: str, context: dict) -> None:
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{template}.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    )


def send_verification(user, *, request=None) -> None:
    path = reverse("accounts:verify", args=[verification_token(user)])
    hours = settings.BRIDGE_EMAIL_VERIFY_SECONDS // 3600
    _send(
        to=user.email,
        template="verify",
        context={"user": user, "url": _absolute(request, path), "hours": hours},
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
