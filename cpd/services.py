"""Every change to a CPD record: the automatic entry for a certificate, a learner's own entries and
reflective accounts, and the audit of an export."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import audit_record
from certificates import rendering
from certificates.models import Certificate
from certificates.services import verify_url

from .models import CpdEntry, ReflectiveAccount


def cpd_entry_for_certificate(*, certificate: Certificate) -> CpdEntry:
    """The automatic CPD record line for a certificate: made once, with the NMC fields."""
    entry, _created = CpdEntry.objects.get_or_create(
        certificate=certificate,
        defaults={
            "user": certificate.user,
            "date": timezone.localdate(certificate.completed_at),
            "method": CpdEntry.Method.E_LEARNING,
            "topic": certificate.course_title,
            "relevance": certificate.course.cpd_relevance_text,
            "hours": certificate.cpd_hours,
            "participatory_hours": certificate.participatory_hours,
            "code_themes": list(certificate.code_themes),
            "evidence": verify_url(certificate.code),
        },
    )
    return entry


def cpd_entry_for_attendance(*, entry: CpdEntry | None, user, data: dict) -> CpdEntry | None:
    """The automatic CPD line for time at a facilitated team session: made, kept up to date when
    the register is corrected, or removed (``data`` empty) when the person was not there after
    all. All of its hours are participatory."""
    if not data:
        if entry is not None:
            entry.delete()
        return None
    entry = entry or CpdEntry(user=user, automatic=True, method=CpdEntry.Method.GROUP)
    for field, value in data.items():
        setattr(entry, field, value)
    entry.participatory_hours = entry.hours
    entry.save()
    return entry


ERROR_NOT_YOURS = _("You can only change your own CPD record.")
ERROR_AUTOMATIC = _(
    "Entries made from a Bridge certificate or a team session's register are kept as issued."
)


def _own(user, record):
    if record is not None and record.user_id != user.pk:
        raise PermissionDenied(ERROR_NOT_YOURS)


def cpd_entry_save(*, user, data: dict, entry: CpdEntry | None = None) -> CpdEntry:
    """Add or change an entry the learner made for CPD done elsewhere."""
    _own(user, entry)
    if entry is not None and entry.is_automatic:
        raise PermissionDenied(ERROR_AUTOMATIC)
    entry = entry or CpdEntry(user=user)
    for field, value in data.items():
        setattr(entry, field, value)
    entry.user = user
    entry.certificate = None
    with transaction.atomic():
        entry.full_clean()
        entry.save()
    return entry


def cpd_entry_delete(*, user, entry: CpdEntry) -> None:
    _own(user, entry)
    if entry.is_automatic:
        raise PermissionDenied(ERROR_AUTOMATIC)
    entry.delete()


def reflective_account_save(*, user, data: dict, account: ReflectiveAccount | None = None):
    _own(user, account)
    if data.get("cpd_entry") is not None and data["cpd_entry"].user_id != user.pk:
        raise PermissionDenied(ERROR_NOT_YOURS)
    data = dict(data)
    sources = data.pop("module_reflections", None)
    if sources is not None and any(source.user_id != user.pk for source in sources):
        raise PermissionDenied(ERROR_NOT_YOURS)
    account = account or ReflectiveAccount(user=user)
    for field, value in data.items():
        setattr(account, field, value)
    account.user = user
    with transaction.atomic():
        account.full_clean()
        account.save()
        if sources is not None:
            account.module_reflections.set(sources)
    return account


def reflective_account_delete(*, user, account: ReflectiveAccount) -> None:
    _own(user, account)
    account.delete()


def cpd_export_record(*, user, export_format: str, confirmed_warnings: int) -> None:
    """Audit that a learner exported their CPD record (and whether they overrode warnings)."""
    audit_record(
        actor=user, action="cpd.export", obj=user, format=export_format, warnings=confirmed_warnings
    )


def cpd_record_pdf(*, user, record) -> bytes:
    html = render_to_string(
        "cpd/record_pdf.html", {"user": user, "record": record, "now": timezone.now()}
    )
    return rendering.render_pdf(html)
