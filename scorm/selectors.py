"""What SCORM dispatch reads: a package for a launch, a registration by its token, the status a
package reports to its LMS, and the packages of a course."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.db.models import Count, Max, Q

from courses import selectors as course_selectors
from courses.models import CourseCompletion
from quizzes.models import QuizAttempt

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


@dataclasses.dataclass
class Status:
    """What the package writes to the LMS: the course's completion, its pass and a score."""

    completed: bool
    passed: bool
    score: Decimal | None  # 0 to 1: the knowledge checks' points over their maximum
    progress: Decimal  # 0 to 1: the course's modules completed
    completed_at: str | None

    def as_json(self) -> dict:
        return {
            "linked": True,
            "completed": self.completed,
            "passed": self.passed,
            "score": float(self.score) if self.score is not None else None,
            "progress": float(self.progress),
            "completed_at": self.completed_at,
        }


def registration_status(registration: Registration) -> Status:
    """Three reads: the learner's state on the course, their latest completion, and the latest
    graded knowledge check of each module."""
    user, course = registration.user, registration.dispatch.course
    links = course_selectors.module_links(course)
    state = course_selectors.learner_state(user=user, course=course)
    done = sum(1 for link in links if state.statuses.get(link.pk) == "completed")
    completion = (
        CourseCompletion.objects.filter(user=user, course=course)
        .order_by("-completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    latest = {}
    attempts = QuizAttempt.objects.filter(
        user=user,
        purpose=QuizAttempt.Purpose.KNOWLEDGE,
        status=QuizAttempt.Status.GRADED,
        earlier_round=False,
        context_id__in=[link.pk for link in links],
    ).order_by("context_id", "-graded_at", "-pk")
    for context_id, points, max_points in attempts.values_list(
        "context_id", "points", "max_points"
    ):
        latest.setdefault(context_id, (points or 0, max_points or 0))
    got = sum(points for points, _ in latest.values())
    out_of = sum(max_points for _, max_points in latest.values())
    completed = completion is not None
    return Status(
        completed=completed,
        passed=completed,  # a course is completed only with every knowledge check passed
        score=(Decimal(got) / Decimal(out_of)).quantize(Decimal("0.0001")) if out_of else None,
        progress=(Decimal(done) / Decimal(len(links))).quantize(Decimal("0.0001"))
        if links
        else Decimal(0),
        completed_at=completion.isoformat() if completion else None,
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
