"""Reads for the compliance dashboard, exports, reminders and "My training": each in a fixed number
of queries whatever the number of staff (the work after the queries is plain Python)."""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter, defaultdict

from django.db.models import Max, Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from courses.models import CourseCompletion, CoursePage, Enrolment
from organisation.models import ManagerScope, OrgUnit, StaffProfile

from . import status as st
from .models import Assignment

COMPLIANCE_PERMISSION = "tracking.view_compliance"


@dataclasses.dataclass
class Row:
    profile: StaffProfile
    course: CoursePage
    status: str
    due: datetime.date | None
    completed_on: datetime.date | None
    expires_on: datetime.date | None

    @property
    def status_label(self) -> str:
        return str(st.LABELS[self.status])

    @property
    def compliant(self) -> bool:
        return self.status in st.COMPLIANT


@dataclasses.dataclass
class Group:
    key: object
    label: str
    counts: Counter
    unit: OrgUnit | None = None

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    @property
    def compliant(self) -> int:
        return sum(self.counts[s] for s in st.COMPLIANT)

    @property
    def percent(self) -> int:
        return round(self.compliant * 100 / self.assigned) if self.assigned else 0


def visible_unit_paths(user) -> list[str] | None:
    """The subtrees this user may see by name: None means all (superusers)."""
    if user.is_superuser:
        return None
    if not user.has_perm(COMPLIANCE_PERMISSION):
        return []
    return list(ManagerScope.objects.filter(user=user).values_list("unit__path", flat=True))


def _in_paths(paths: list[str], field: str = "unit__path") -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def staff_in_scope(user):
    """The staff a user may see by name: their units' subtrees (L&D), or their direct reports."""
    queryset = StaffProfile.objects.filter(status=StaffProfile.Status.ACTIVE)
    paths = visible_unit_paths(user)
    if paths is None:
        return queryset
    scope = _in_paths(paths) | Q(line_manager__user=user)
    return queryset.filter(scope)


def compliance_rows(*, profiles, course=None, today=None) -> list[Row]:
    """Each (person, assigned course) with its status. Five queries in all."""
    today = today or timezone.localdate()
    profiles = list(profiles.select_related("unit", "role"))
    assignments = Assignment.objects.filter(active=True).select_related("unit", "course")
    if course is not None:
        assignments = assignments.filter(course=course)
    assignments = list(assignments)
    # Staff who have not linked an account yet are matched to one by e-mail.
    missing = {p.email.lower() for p in profiles if p.user_id is None}
    by_email = (
        dict(User.objects.annotate(e=Lower("email")).filter(e__in=missing).values_list("e", "pk"))
        if missing
        else {}
    )
    user_of = {p.pk: p.user_id or by_email.get(p.email.lower()) for p in profiles}
    user_ids = {u for u in user_of.values() if u}
    course_ids = {a.course_id for a in assignments}
    completed = {
        (row["user_id"], row["course_id"]): row["last"]
        for row in CourseCompletion.objects.filter(user_id__in=user_ids, course_id__in=course_ids)
        .values("user_id", "course_id")
        .annotate(last=Max("completed_at"))
    }
    started = set(
        Enrolment.objects.filter(user_id__in=user_ids, course_id__in=course_ids).values_list(
            "user_id", "course_id"
        )
    )
    rows = []
    for profile in profiles:
        due_by_course: dict[int, tuple[datetime.date, Assignment]] = {}
        for assignment in assignments:
            if not st.applies(assignment, profile, profile.unit.path):
                continue
            due = st.due_for(assignment, profile)
            current = due_by_course.get(assignment.course_id)
            if current is None or due < current[0]:
                due_by_course[assignment.course_id] = (due, assignment)
        user_id = user_of[profile.pk]
        for course_id, (due, assignment) in due_by_course.items():
            last = completed.get((user_id, course_id)) if user_id else None
            completed_on = timezone.localdate(last) if last else None
            renewal = assignment.renewal_months or assignment.course.renewal_months
            expires_on = st.expiry(completed_on, renewal)
            rows.append(
                Row(
                    profile=profile,
                    course=assignment.course,
                    status=st.status_for(
                        today=today,
                        due=due,
                        completed_on=completed_on,
                        expires_on=expires_on,
                        started=(user_id, course_id) in started,
                    ),
                    due=due,
                    completed_on=completed_on,
                    expires_on=expires_on,
                )
            )
    return rows


def group_by_unit(rows: list[Row], *, parent: OrgUnit | None, units: list[OrgUnit]) -> list[Group]:
    """Counts per child of ``parent`` (or per top-level unit), each child with its subtree."""
    if parent is None:
        children = [u for u in units if u.depth == min((x.depth for x in units), default=1)]
        if len(children) == 1:  # one trust at the top: show its directorates straight away
            parent = children[0]
    if parent is not None:
        children = [
            u for u in units if u.depth == parent.depth + 1 and u.path.startswith(parent.path)
        ]
    groups = {u.path: Group(key=u.pk, label=u.name, counts=Counter(), unit=u) for u in children}
    for row in rows:
        for path, group in groups.items():
            if row.profile.unit.path.startswith(path):
                group.counts[row.status] += 1
                break
    return list(groups.values())


def group_by_role(rows: list[Row]) -> list[Group]:
    groups: dict[int, Group] = {}
    for row in rows:
        role = row.profile.role
        group = groups.setdefault(role.pk, Group(key=role.pk, label=role.name, counts=Counter()))
        group.counts[row.status] += 1
    return sorted(groups.values(), key=lambda g: g.label)


def totals(rows: list[Row]) -> Group:
    return Group(key=None, label="All", counts=Counter(row.status for row in rows))


def filter_rows(rows, *, status=None, completed_from=None, completed_to=None):
    if status:
        rows = [r for r in rows if r.status == status]
    if completed_from:
        rows = [r for r in rows if r.completed_on and r.completed_on >= completed_from]
    if completed_to:
        rows = [r for r in rows if r.completed_on and r.completed_on <= completed_to]
    return rows


def learner_assignments(*, user, today=None) -> list[Row]:
    """The courses assigned to this learner, soonest due first (for the top of My training)."""
    profile = StaffProfile.objects.filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email),
        status=StaffProfile.Status.ACTIVE,
    )
    rows = compliance_rows(profiles=profile, today=today)
    return sorted(rows, key=lambda r: (r.status in st.COMPLIANT, r.due or datetime.date.max))


def units_for(user) -> list[OrgUnit]:
    paths = visible_unit_paths(user)
    queryset = OrgUnit.objects.order_by("path")
    if paths is None:
        return list(queryset)
    return list(queryset.filter(_in_paths(paths, field="path")))


def team_members_by_unit(rows: list[Row]) -> dict[int, list[Row]]:
    result = defaultdict(list)
    for row in rows:
        result[row.profile.unit_id].append(row)
    return result


def assignments_in_scope(user):
    """Assignments a user may see and remove: all for superusers; for an L&D manager, those aimed at
    a unit inside their units, or at a person who works there."""
    queryset = Assignment.objects.filter(active=True).select_related(
        "course", "unit", "role", "person"
    )
    paths = visible_unit_paths(user)
    if paths is None:
        return queryset
    return queryset.filter(
        _in_paths(paths, field="unit__path") | _in_paths(paths, field="person__unit__path")
    )
