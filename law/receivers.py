"""A course published after its legal review has caught up with a change: its flags are resolved."""

from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(page_published, dispatch_uid="law_resolve_review_flags")
def resolve_on_publish(sender, instance, revision=None, **kwargs):
    from courses.models import CoursePage

    from . import services

    page = instance.specific if not isinstance(instance, CoursePage) else instance
    if isinstance(page, CoursePage):
        services.review_flags_resolve(
            course=page, actor=getattr(revision, "user", None) if revision is not None else None
        )
