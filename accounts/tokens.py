"""Signed, expiring links that prove a person controls an e-mail address."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

SALT = "accounts.email-verification"


def verification_token(user) -> str:
    """A token naming the account and the address it was sent to, so changing the address
    voids it."""
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=SALT, compress=True)


def verification_read(token: str) -> tuple[int, str] | None:
    """(user id, address) for a genuine, unexpired token; None for anything else."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.BRIDGE_EMAIL_VERIFY_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    if not isinstance(data.get("e"), str):
        return None
    return data["u"], data["e"]
