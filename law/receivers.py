"""A course published after its legal review has caught up with a change: its flags are
resolved; a sign-off is kept; a certificate issued on the law before a change shows on the
compliance record."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, task_approved

from certificates.signals import certificate_issued


@receiver(page_published, dispatch_uid="law_resolve_review_flags")
def resolve_on_publish(sender, instance, revision=None, **kwargs):
    from courses.models import CoursePage

    from . import services

    page = instance.specific if not isinstance(instance, CoursePage) else instance
    if isinstance(page, CoursePage):
        services.review_flags_resolve(
            course=page, actor=getattr(revision, "user", None) if revision is not None else None
        )


@receiver(task_approved, dispatch_uid="law_record_signoff")
def record_signoff(sender, instance, user=None, **kwargs):
    from . import services

    services.signoff_record(task_state=instance, user=user)


@receiver(certificate_issued, dispatch_uid="law_certificate_on_old_law")
def certificate_on_old_law(sender, certificate, **kwargs):
    """A certificate issued on content that already describes the law before a change (the
    course is still under review): its holder's compliance record says so now, not at the
    nightly rebuild (the completion's own refresh ran before the certificate existed)."""
    from tracking.services import compliance_refresh_for_user

    from .selectors import law_before_ids

    if law_before_ids({certificate.pk: certificate.law_as_at}):
        transaction.on_commit(
            lambda: compliance_refresh_for_user(
                user_id=certificate.user_id, course_id=certificate.course_id
            )
        )
