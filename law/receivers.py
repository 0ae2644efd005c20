"""A course published after its legal review has caught up with a change: its flags are resolved."""

from django.dispatch import receiver
from wagtail.signals import page_published, task_approved


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
