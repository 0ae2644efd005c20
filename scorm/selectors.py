"""What SCORM dispatch reads: a package for a launch, a registration by its token, the status a
package reports to its LMS, and the packages of a course."""

from __future__ import annotations

from django.db.models import Count, Max, Q

from courses import selectors as course_selectors

from .models import Dispatch, Registration
from .services import token_hash


def dispatch_for_launch(dispatch_id) -> Dispatch | None:
    return Dispatch.objects.select_related("course").filter(pk=dispatch_id).first()


def registration_by_token(token: str) -> Registration | None:
    return (
        Registration.objects.select_related("dispatch__course", "user")
        .filter(token_hash=token_hash(token))
        .first()
    )


Status = course_selectors.CourseResult


def registration_status(registration: Registration) -> Status:
    return course_selectors.course_result(
        user=registration.user, course=registration.dispatch.course
    )


def dispatches_for_course(course) -> list[Dispatch]:
    """The course's packages, newest first, each with how many learners it has linked and when
    one last reported."""
    return list(
        Dispatch.objects.filter(course=course)
        .select_related("created_by")
        .annotate(
            linked=Count("registrations", distinct=True),
            last_report=Max("registrations__last_reported_at"),
            completed=Count(
                "registrations",
                filter=Q(registrations__user__course_completions__course=course),
                distinct=True,
            ),
        )
    )
