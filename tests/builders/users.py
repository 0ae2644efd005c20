"""People: learners, trainers, managers, with a known password."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User

from ._shared import PASSWORD, _seq


def make_user(*, verified: bool = True, **fields) -> User:
    """An account; its address is confirmed unless ``verified=False``."""
    n = next(_seq)
    email = fields.pop("email", f"nurse{n}@nhs.net")
    if verified:
        fields.setdefault("email_verified_at", timezone.now())
    user = User(
        username=email,
        email=email,
        first_name=fields.pop("first_name", "Test"),
        last_name=fields.pop("last_name", f"Nurse{n}"),
        **fields,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def make_trainer(**fields) -> User:
    """A staff user in the Trainers group (the groups set up beneath the demo home page)."""
    from django.contrib.auth.models import Group

    from accounts.roles import TRAINERS, roles_setup

    from .pages import home_page

    roles_setup(content_root=home_page())
    user = make_user(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=TRAINERS))
    return user
