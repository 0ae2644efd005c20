"""Reads of the law register for pages and reports: each a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count

from .models import LawNotice, Provision, ProvisionChange, ReviewFlag, ReviewSignOff


@dataclass(frozen=True)
class CourseLaw:
    """What a course page says of the law: the provisions its live modules cite, and the earliest
    change since its last legal review that it has not yet been reviewed for."""

    provisions: list[Provision]
    review_due_since: datetime.date | None
    signoffs: list[ReviewSignOff]


def course_law(course) -> CourseLaw:
    """Three queries: the cited provisions, the open review flags, and the sign-offs of the
    course's last completed review ("Reviewed by …")."""
    from courses.models import ModulePage

    modules = ModulePage.objects.live().child_of(course).values("pk")
    provisions = list(Provision.objects.filter(modules__in=modules).distinct().order_by("citation"))
    flagged = (
        ReviewFlag.objects.filter(course=course, resolved_at__isnull=True)
        .order_by("change__effective_on")
        .values_list("change__effective_on", flat=True)
        .first()
    )
    signoffs = list(
        ReviewSignOff.objects.filter(
            page_id=course.pk,
            workflow_state__status="approved",
            workflow_state=ReviewSignOff.objects.filter(
                page_id=course.pk, workflow_state__status="approved"
            )
            .order_by("-workflow_state_id")
            .values("workflow_state_id")[:1],
        ).order_by("signed_at")
    )
    return CourseLaw(provisions=provisions, review_due_since=flagged, signoffs=signoffs)


def law_before(certificates) -> dict[int, datetime.date]:
    """For each certificate whose content cited a provision that has changed (a change applied,
    dated after the certificate's law), the earliest such day: it "describes the law before" it.
    One query however many certificates."""
    return law_before_ids({c.pk: c.law_as_at for c in certificates})


def law_before_ids(law_as_at: dict[int, datetime.date]) -> dict[int, datetime.date]:
    """``law_before`` from certificate ids and their law-as-at days (one query)."""
    if not law_as_at:
        return {}
    rows = (
        ProvisionChange.objects.filter(
            applied_at__isnull=False, provision__certificates__in=list(law_as_at)
        )
        .values_list("provision__certificates", "effective_on")
        .order_by("effective_on")
    )
    found: dict[int, datetime.date] = {}
    for certificate_id, day in rows:
        if day > law_as_at[certificate_id] and certificate_id not in found:
            found[certificate_id] = day
    return found


def notices_for(user) -> list[LawNotice]:
    """The changes in the law a person has been told of and has not put away (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        LawNotice.objects.filter(user=user, dismissed_at__isnull=True)
        .select_related("change__provision", "course")
        .order_by("-change__effective_on")
    )


def open_flags():
    """Content waiting for review after a change in the law, for the admin (one query)."""
    return (
        ReviewFlag.objects.filter(resolved_at__isnull=True)
        .select_related("change__provision", "course", "question")
        .order_by("change__effective_on", "pk")
    )


def certificates_on_old_law(change: ProvisionChange):
    """The valid certificates whose content cited the changed provision and that describe the
    law before the change."""
    from certificates.models import Certificate

    return Certificate.objects.filter(
        provisions=change.provision_id,
        status=Certificate.Status.VALID,
        law_as_at__lt=change.effective_on,
    )


def trained_before(*, change: ProvisionChange, course):
    """The active staff records of the people "trained on the old law" on this course."""
    from organisation.models import StaffProfile

    holders = certificates_on_old_law(change).filter(course=course).values("user_id")
    return StaffProfile.objects.filter(
        user_id__in=holders, status=StaffProfile.Status.ACTIVE
    ).order_by("pk")


def trained_before_by_course(*, change: ProvisionChange, user) -> list[tuple]:
    """(course, people) for each course with people in ``user``'s scope trained on the law
    before ``change``, by title: two queries."""
    from courses.models import CoursePage
    from tracking.selectors import staff_in_scope

    counts = dict(
        certificates_on_old_law(change)
        .filter(user__staff_profile__in=staff_in_scope(user).values("pk"))
        .order_by()
        .values("course_id")
        .annotate(people=Count("user_id", distinct=True))
        .values_list("course_id", "people")
    )
    courses = CoursePage.objects.in_bulk(list(counts))
    return sorted(
        ((courses[pk], people) for pk, people in counts.items() if pk in courses),
        key=lambda pair: pair[0].title,
    )
