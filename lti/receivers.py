"""A learner's completion goes to the gradebooks of the LMSs they launched the course from, once
the change is stored. The courses app knows nothing of LTI."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from courses.models import ModuleProgress
from courses.signals import course_completed

from .models import Outcome


def _queue(user_id: int, course_id: int) -> None:
    if Outcome.objects.filter(user_id=user_id, placement__course_id=course_id).exists():
        from .tasks import report_outcomes

        transaction.on_commit(lambda: report_outcomes.delay(user_id, course_id))


@receiver(course_completed, dispatch_uid="lti.course_completed")
def course_done(sender, completion, **kwargs):
    _queue(completion.user_id, completion.course_id)


@receiver(post_save, sender=ModuleProgress, dispatch_uid="lti.module_completed")
def module_done(sender, instance, raw=False, update_fields=None, **kwargs):
    """Only the save that completes a module (not each film heartbeat) reports its progress."""
    if raw or not instance.completed_at or not update_fields or "completed_at" not in update_fields:
        return
    if Outcome.objects.filter(user_id=instance.user_id).exists():  # most learners: this alone
        _queue(instance.user_id, instance.module.get_parent().pk)
