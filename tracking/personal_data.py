"""Subject access as a PDF, and the audited erasure of a person. What each app holds, and how it
is erased, is that app's own part (``<app>/personal_data.py``), gathered by ``core.privacy``."""

from __future__ import annotations

from django.template.loader import render_to_string

from accounts.services import audit_record
from certificates import rendering
from core.privacy import personal_data_erase, subject_access_export

__all__ = ["person_erase", "subject_access_export", "subject_access_pdf"]


def subject_access_pdf(*, data: dict) -> bytes:
    html = render_to_string("tracking/personal_data_pdf.html", {"data": data})
    return rendering.render_pdf(html)


def person_erase(*, user, actor) -> None:
    """Pseudonymise a person everywhere, keeping their anonymous training statistics."""
    personal_data_erase(user=user)
    audit_record(actor=actor, action="person.erase", obj=user)
