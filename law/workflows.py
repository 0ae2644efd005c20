"""The review that a course goes through after a change in the law: two sign-offs, then publish.

``WAGTAIL_FINISH_WORKFLOW_ACTION`` points here. For the legal review workflow on a course, the
approved revision is published with its "law as at" set to the day the clinical or legal
reviewer signed it off: a course's law-as-at comes from its last legal review. Every other
workflow finishes as Wagtail's own does.
"""

from __future__ import annotations

from django.utils import timezone
from wagtail.workflows import publish_workflow_state


def finish(workflow_state, user=None):
    from courses.models import CoursePage

    from .models import ReviewSignOff, SignOffTask
    from .services import REVIEW_WORKFLOW

    page = workflow_state.content_object
    if workflow_state.workflow.name != REVIEW_WORKFLOW or not isinstance(
        getattr(page, "specific", page), CoursePage
    ):
        return publish_workflow_state(workflow_state, user=user)
    legal = (
        ReviewSignOff.objects.filter(workflow_state=workflow_state, role=SignOffTask.Role.LEGAL)
        .values_list("signed_at", flat=True)
        .first()
    )
    revision = page.get_latest_revision()
    course = revision.as_object()
    reviewed_on = timezone.localdate(legal) if legal else timezone.localdate()
    if course.law_as_at is None or course.law_as_at < reviewed_on:
        course.law_as_at = reviewed_on
        revision = course.save_revision(user=user, log_action=True)
    # The two sign-offs are the authority to publish: reviewers need no publish permission.
    revision.publish(user=user, skip_permission_checks=True)
