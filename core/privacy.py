"""A person's data, gathered from every app that holds some: subject access and erasure.

Each app contributes its own part through the ``bridge_personal_data`` Wagtail hook (registered in
its ``wagtail_hooks.py``, written in its ``personal_data.py``), so no app reaches into another's
models and a new app cannot forget to say what it holds:

    @hooks.register("bridge_personal_data")
    def personal_data():
        return Part(order=30, export=export, erase=erase)

``export(user)`` returns a dict of sections; ``erase(user, pseudonym)`` removes identity and free
text while keeping anonymous training statistics (so trust totals do not change).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from wagtail import hooks

HOOK = "bridge_personal_data"


@dataclass(frozen=True)
class Part:
    order: int
    export: Callable[[object], dict]
    erase: Callable[[object, str], None] | None = None


def iso(value) -> str | None:
    return value.isoformat() if value else None


def parts() -> list[Part]:
    return sorted((hook() for hook in hooks.get_hooks(HOOK)), key=lambda part: part.order)


def subject_access_export(*, user) -> dict:
    """Everything held about a person, as plain data, section by section in a fixed order."""
    data = {"exported_at": timezone.now().isoformat()}
    for part in parts():
        data.update(part.export(user))
    return data


def personal_data_erase(*, user) -> str:
    """Pseudonymise a person everywhere, in one transaction; returns the pseudonym."""
    pseudonym = f"erased-{uuid.uuid4().hex[:12]}@erased.invalid"
    with transaction.atomic():
        for part in parts():
            if part.erase is not None:
                part.erase(user, pseudonym)
    return pseudonym
