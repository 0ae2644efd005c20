"""Issuing, rendering and revoking certificates. Each is idempotent where it can be."""

from __future__ import annotations

import hashlib
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import audit_record
from courses.models import CourseCompletion, ModulePage

from . import rendering
from .models import Certificate, CertificateSettings, CpdEntry, ReflectiveAccount

audit = logging.getLogger("bridge.audit")

ERROR_REASON_REQUIRED = _("Give a reason for revoking the certificate.")


def verify_url(code: str) -> str:
    return settings.BASE_URL.rstrip("/") + reverse("certificates:verify_code", args=[code])


def issuer_settings() -> CertificateSettings:
    """The issuer details for the default site (a fresh row with defaults if none is saved)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return CertificateSettings()
    return CertificateSettings.for_site(site)


def content_version(completion: CourseCompletion) -> str:
    """A short, stable label for the content in force at completion."""
    modules = ",".join(str(v) for _k, v in sorted(completion.module_revision_ids.items()))
    return (
        f"r{completion.course_revision_id or 0}/{modules}"
        if modules
        else f"r{completion.course_revision_id or 0}"
    )


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


def certificate_issue(*, completion: CourseCompletion) -> Certificate:
    """The certificate for a completion: made once (a unique key enforces it), then rendered."""
    existing = Certificate.objects.filter(completion=completion).first()
    if existing:
        return existing
    course = completion.course
    user = completion.user
    registration = ""
    if user.registration_number:
        body = user.get_registration_body_display() or _("Registration")
        registration = f"{body} {user.registration_number}"
    issuer = issuer_settings()
    modules = list(ModulePage.objects.live_in(course).values_list("title", flat=True))
    expires_at = (
        completion.completed_at + relativedelta(months=course.renewal_months)
        if course.renewal_months
        else None
    )
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                completion=completion,
                user=user,
                course=course,
                learner_name=user.get_full_name() or user.email,
                registration=registration,
                course_title=course.title,
                cpd_hours=course.cpd_hours,
                participatory_hours=course.participatory_hours,
                learning_outcomes=course.outcomes,
                code_themes=list(course.code_themes),
                module_titles=modules,
                content_version=content_version(completion),
                issuer_name=issuer.issuer_name,
                signatory_name=issuer.signatory_name,
                signatory_role=issuer.signatory_role,
                law_as_at=course.law_as_at,
                completed_at=completion.completed_at,
                expires_at=expires_at,
            )
            cpd_entry_for_certificate(certificate=certificate)
            audit_record(actor=None, action="certificate.issue", obj=certificate, user=user.pk)
    except IntegrityError:
        return Certificate.objects.get(completion=completion)
    audit.info("certificate issued", extra={"certificate": certificate.pk, "user": user.pk})

    from .tasks import render_certificate

    transaction.on_commit(lambda: render_certificate.delay(certificate.pk))
    return certificate


def certificate_render(*, certificate_id: int) -> Certificate:
    """Render and store the PDF once. Running it again keeps the first file and its hash."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.pdf and certificate.sha256:
            return certificate
        html = rendering.certificate_html(
            certificate, verify_url=verify_url(certificate.code), issuer=issuer_settings()
        )
        data = rendering.render_pdf(html)
        name = f"{certificate.code}.pdf"
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.pdf.save(name, ContentFile(data), save=False)
        certificate.sha256 = hashlib.sha256(data).hexdigest()
        certificate.save(update_fields=["pdf", "sha256"])
    return certificate


def certificate_revoke(*, certificate: Certificate, reason: str, actor) -> Certificate:
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(str(ERROR_REASON_REQUIRED))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_revoked:
            return locked
        locked.status = Certificate.Status.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.save(update_fields=["status", "revoked_at", "revoked_reason"])
        audit_record(actor=actor, action="certificate.revoke", obj=locked, reason=reason)
    audit.info(
        "certificate revoked", extra={"certificate": locked.pk, "actor": getattr(actor, "pk", None)}
    )
    return locked


ERROR_NOT_YOURS = _("You can only change your own CPD record.")
ERROR_AUTOMATIC = _("Entries made from a Bridge certificate are kept as issued.")


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
    account = account or ReflectiveAccount(user=user)
    for field, value in data.items():
        setattr(account, field, value)
    account.user = user
    with transaction.atomic():
        account.full_clean()
        account.save()
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
        "certificates/cpd_record_pdf.html", {"user": user, "record": record, "now": timezone.now()}
    )
    return rendering.render_pdf(html)
