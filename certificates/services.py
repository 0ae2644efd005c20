"""Issuing, rendering and revoking certificates. Each is idempotent where it can be."""

from __future__ import annotations

import hashlib
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import audit_record
from courses.models import CourseCompletion, ModulePage

from . import rendering
from .models import Certificate, CertificateSettings
from .signals import certificate_issued

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


def cited_provisions(course) -> list[int]:
    """The provisions of the law the course's live modules cite, and the questions of their
    quizzes: what the certificate's content taught."""
    from law.models import Provision
    from quizzes.models import QuizQuestion

    modules = ModulePage.objects.live_in(course)
    quiz_ids = {
        block.value["quiz"].pk
        for module in modules
        for block in module.quiz_blocks()
        if block.value["quiz"] is not None
    }
    return list(
        Provision.objects.filter(
            Q(modules__in=modules.values("pk"))
            | Q(
                questions__in=QuizQuestion.objects.filter(quiz_id__in=quiz_ids).values(
                    "question_id"
                )
            )
        )
        .distinct()
        .values_list("pk", flat=True)
    )


def certificate_issue(*, completion: CourseCompletion) -> Certificate:
    """The certificate for a completion: made once (a unique key enforces it), then rendered."""
    existing = Certificate.objects.filter(completion=completion).first()
    if existing:
        return existing
    course = completion.course
    user = completion.user
    # "(self-declared)" unless an admin confirmed the number against the register.
    registration = user.registration_label()
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
            certificate.provisions.set(cited_provisions(course))
            certificate_issued.send(sender=Certificate, certificate=certificate)
            audit_record(actor=None, action="certificate.issue", obj=certificate, user=user.pk)
    except IntegrityError:
        return Certificate.objects.get(completion=completion)
    audit.info("certificate issued", extra={"certificate": certificate.pk, "user": user.pk})

    from .tasks import render_certificate

    transaction.on_commit(lambda: render_certificate.delay(certificate.pk))
    return certificate


def certificate_for_completion(*, completion_id: int, user) -> Certificate | None:
    """The learner's certificate for one of their completions, issued now if that step was
    missed (the database went away between the completion and its certificate): one per
    completion, never two. None when the completion is not theirs."""
    from . import selectors

    certificate = selectors.certificate_for_completion(completion_id=completion_id, user=user)
    if certificate is not None:
        return certificate
    completion = selectors.completion_of(completion_id=completion_id, user=user)
    if completion is None:
        return None
    return certificate_issue(completion=completion)


def certificate_render(*, certificate_id: int) -> Certificate:
    """Render and store the PDF once. Running it again keeps the first file and its hash."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.pdf and certificate.sha256:
            return certificate
        html = rendering.certificate_html(
            certificate, verify_url=verify_url(certificate.code), issuer=issuer_settings()
        )
        data = rendering.certificate_pdf(html)
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
