"""What LTI reads: a placement's launch target, the courses a teacher may place, the outcomes to
report, and a roster's progress."""

from __future__ import annotations

import dataclasses

from django.db.models import Prefetch
from lti_tool.models import LtiMembership

from courses import selectors as course_selectors
from courses.models import CourseCompletion, CoursePage, ModulePage, ModuleProgress

from .models import Outcome, Placement

RETRIES = 10


def outcomes_to_report(*, user_id: int, course_id: int) -> list[Outcome]:
    return list(
        Outcome.objects.filter(user_id=user_id, placement__course_id=course_id).select_related(
            "placement__course", "placement__module", "lti_user__registration", "user"
        )
    )


def outcomes_failed() -> list[Outcome]:
    return list(
        Outcome.objects.filter(state=Outcome.State.FAILED, failures__lt=RETRIES).select_related(
            "placement__course", "placement__module", "lti_user__registration", "user"
        )[:200]
    )


@dataclasses.dataclass
class Choice:
    value: str  # "course:<id>" or "module:<id>"
    title: str
    course: CoursePage
    module: ModulePage | None = None


def placeable() -> list[Choice]:
    """Published courses, each followed by its published modules: two reads."""
    courses = list(CoursePage.objects.live().order_by("title"))
    modules = {}
    for module in ModulePage.objects.live().order_by("path"):
        modules.setdefault(module.path[: -ModulePage.steplen], []).append(module)
    choices = []
    for course in courses:
        choices.append(Choice(f"course:{course.pk}", course.title, course))
        for module in modules.get(course.path, []):
            choices.append(Choice(f"module:{module.pk}", module.title, course, module))
    return choices


def choice(value: str) -> Choice | None:
    kind, _, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None
    return next((c for c in placeable() if c.value == f"{kind}:{pk}"), None)


def placement_for(resource_link_id: int) -> Placement | None:
    return (
        Placement.objects.select_related(
            "course", "module", "resource_link__context__deployment__registration"
        )
        .filter(resource_link_id=resource_link_id)
        .first()
    )


@dataclasses.dataclass
class RosterRow:
    name: str
    email: str
    linked: bool
    status: str  # "Not started", "In progress", "Completed"
    completed_at: object | None
    reported: str


def roster(placement: Placement) -> list[RosterRow]:
    """The context's learners (as the platform's Names and Roles service last listed them, and
    anyone who launched), with their Bridge progress on the placement: four reads."""
    memberships = list(
        LtiMembership.objects.filter(
            context=placement.resource_link.context, is_learner=True, is_active=True
        )
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__bridge_outcomes",
                queryset=Outcome.objects.filter(placement=placement),
                to_attr="placement_outcomes",
            )
        )
        .order_by("user__family_name", "user__given_name", "user__name")
    )
    user_ids = [m.user.auth_user_id for m in memberships if m.user.auth_user_id]
    if placement.module_id:
        done = dict(
            ModuleProgress.objects.filter(
                user_id__in=user_ids, module_id=placement.module_id, completed_at__isnull=False
            ).values_list("user_id", "completed_at")
        )
        started = set(
            ModuleProgress.objects.filter(
                user_id__in=user_ids, module_id=placement.module_id
            ).values_list("user_id", flat=True)
        )
    else:
        done = dict(
            CourseCompletion.objects.filter(user_id__in=user_ids, course=placement.course)
            .order_by("completed_at")
            .values_list("user_id", "completed_at")
        )
        module_ids = [link.pk for link in course_selectors.module_links(placement.course)]
        started = set(
            ModuleProgress.objects.filter(
                user_id__in=user_ids, module_id__in=module_ids
            ).values_list("user_id", flat=True)
        )
    rows = []
    for membership in memberships:
        person, bridge_id = membership.user, membership.user.auth_user_id
        outcome = (person.placement_outcomes or [None])[0]
        if bridge_id in done:
            status = "Completed"
        elif bridge_id in started:
            status = "In progress"
        else:
            status = "Not started"
        rows.append(
            RosterRow(
                name=person.name
                or " ".join(filter(None, [person.given_name, person.family_name]))
                or person.sub,
                email=person.email,
                linked=bridge_id is not None,
                status=status,
                completed_at=done.get(bridge_id),
                reported=_reported(outcome),
            )
        )
    return rows


def _reported(outcome: Outcome | None) -> str:
    if outcome is None:
        return ""
    if outcome.state == Outcome.State.SENT and outcome.score_given is not None:
        return f"{outcome.score_given.normalize():f} out of 100"
    if outcome.state == Outcome.State.SENT:
        return "Started" if outcome.activity_progress != "Completed" else "Completed"
    return outcome.get_state_display()
