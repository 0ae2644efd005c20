"""Reads for the compliance dashboard, exports, reminders and "My training": each in a fixed number
of queries whatever the number of staff (the work after the queries is plain Python)."""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from courses.models import CourseCompletion, CoursePage, Enrolment
from organisation.models import JobRole, OrgUnit, StaffAssignment, StaffProfile, in_subtrees_q
from organisation.selectors import managed_unit_paths

from . import status as st
from .models import Assignment, CompletionCredit, ComplianceRecord

COMPLIANCE_PERMISSION = "tracking.view_compliance"


@dataclasses.dataclass(frozen=True)
class CourseRef:
    """A course as the reports need it: no page object, no page query."""

    pk: int
    title: str


@dataclasses.dataclass
class Row:
    profile: StaffProfile
    course: CoursePage | CourseRef
    status: str
    due: datetime.date | None
    completed_on: datetime.date | None
    expires_on: datetime.date | None
    started: bool = False
    # The training counted describes the law before this day (None: the law as it stands).
    law_changed_on: datetime.date | None = None

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
    # Compliant records whose training describes the law before a change since.
    on_old_law: int = 0

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    @property
    def compliant(self) -> int:
        return sum(self.counts[s] for s in st.COMPLIANT)

    @property
    def percent(self) -> int:
        return round(self.compliant * 100 / self.assigned) if self.assigned else 0

    @property
    def current_law(self) -> int:
        """Compliant, on content whose provisions have not changed since: trained on current law."""
        return self.compliant - self.on_old_law

    @property
    def current_law_percent(self) -> int:
        return round(self.current_law * 100 / self.assigned) if self.assigned else 0


def visible_unit_paths(user) -> list[str] | None:
    """The subtrees this user may see by name: None means all (superusers)."""
    if not user.is_superuser and not user.has_perm(COMPLIANCE_PERMISSION):
        return []
    return managed_unit_paths(user)


def staff_in_scope(user):
    """The staff a user may see by name: their units' subtrees (L&D), or their direct reports."""
    queryset = StaffProfile.objects.filter(status=StaffProfile.Status.ACTIVE)
    paths = visible_unit_paths(user)
    if paths is None:
        return queryset
    scope = in_subtrees_q(paths) | Q(line_manager__user=user)  # L&D units, or direct reports
    return queryset.filter(scope)


def posts_of(queryset, profiles: list) -> dict[int, set[tuple[int, str, int]]]:
    """Each person's posts as ``status.applies`` takes them: their main unit and role, and every
    active ESR assignment (one query, the people's queryset as its subquery)."""
    posts = {p.pk: {(p.unit_id, p.unit.path, p.role_id)} for p in profiles}
    if posts:
        for profile_id, unit_id, path, role_id in StaffAssignment.objects.filter(
            profile__in=queryset.values("pk"), status=StaffAssignment.Status.ACTIVE
        ).values_list("profile_id", "unit_id", "unit__path", "role_id"):
            if profile_id in posts:
                posts[profile_id].add((unit_id, path, role_id))
    return posts


def compliance_rows(*, profiles, course=None, today=None) -> list[Row]:
    """Each (person, assigned course) with its status, once per person and course however many
    of their assignments it reaches them through. Nine queries in all."""
    from certificates.models import Certificate
    from law.selectors import law_before_ids

    today = today or timezone.localdate()
    queryset, profiles = profiles, list(profiles.select_related("unit", "role"))
    posts = posts_of(queryset, profiles)
    assignments = Assignment.objects.filter(active=True).select_related("unit", "course")
    if course is not None:
        assignments = assignments.filter(course=course)
    assignments = list(assignments)
    # Staff who have not linked an account yet are matched to one by e-mail.
    missing = {p.email.lower() for p in profiles if p.user_id is None and p.email}
    by_email = (
        dict(User.objects.annotate(e=Lower("email")).filter(e__in=missing).values_list("e", "pk"))
        if missing
        else {}
    )
    user_of = {p.pk: p.user_id or (p.email and by_email.get(p.email.lower())) for p in profiles}
    user_ids = {u for u in user_of.values() if u}
    course_ids = {a.course_id for a in assignments}
    completed = {
        (row["user_id"], row["course_id"]): row["last"]
        for row in CourseCompletion.objects.filter(user_id__in=user_ids, course_id__in=course_ids)
        .values("user_id", "course_id")
        .annotate(last=Max("completed_at"))
    }
    # A course counted as done another way (a team session, by the trust's rule).
    for row in (
        CompletionCredit.objects.filter(user_id__in=user_ids, course_id__in=course_ids)
        .values("user_id", "course_id")
        .annotate(last=Max("credited_at"))
    ):
        key = (row["user_id"], row["course_id"])
        if key not in completed or completed[key] < row["last"]:
            completed[key] = row["last"]
    started = set(
        Enrolment.objects.filter(user_id__in=user_ids, course_id__in=course_ids).values_list(
            "user_id", "course_id"
        )
    )
    # The certificate of each latest completion, and whether the law it describes has changed
    # (none yet: current, until its certificate says otherwise; see law.receivers).
    certificate_of: dict[tuple[int, int], tuple[int, datetime.date]] = {}
    if completed:
        for pk, user_id, course_id, law_as_at, completed_at in Certificate.objects.filter(
            user_id__in=user_ids,
            course_id__in=course_ids,
            status=Certificate.Status.VALID,
        ).values_list("pk", "user_id", "course_id", "law_as_at", "completion__completed_at"):
            if completed.get((user_id, course_id)) == completed_at:  # the latest completion's
                certificate_of[(user_id, course_id)] = (pk, law_as_at)
    changed = law_before_ids(dict(certificate_of.values()))
    rows = []
    for profile in profiles:
        due_by_course: dict[int, tuple[datetime.date, Assignment]] = {}
        # The latest "counts completions from" day of any assignment that reaches them.
        since_by_course: dict[int, datetime.date] = {}
        for assignment in assignments:
            if not st.applies(assignment, profile, posts[profile.pk]):
                continue
            due = st.due_for(assignment, profile)
            current = due_by_course.get(assignment.course_id)
            if current is None or due < current[0]:
                due_by_course[assignment.course_id] = (due, assignment)
            if assignment.completed_after is not None:
                since = since_by_course.get(assignment.course_id)
                if since is None or assignment.completed_after > since:
                    since_by_course[assignment.course_id] = assignment.completed_after
        user_id = user_of[profile.pk]
        for course_id, (due, assignment) in due_by_course.items():
            last = completed.get((user_id, course_id)) if user_id else None
            completed_on = timezone.localdate(last) if last else None
            since = since_by_course.get(course_id)
            if completed_on is not None and since is not None and completed_on < since:
                completed_on = None  # done before the day it must be done after: do it again
            renewal = assignment.renewal_months or assignment.course.renewal_months
            expires_on = st.expiry(completed_on, renewal)
            is_started = (user_id, course_id) in started or completed_on is not None
            law_changed_on = None
            if completed_on is not None and (user_id, course_id) in certificate_of:
                law_changed_on = changed.get(certificate_of[(user_id, course_id)][0])
            rows.append(
                Row(
                    profile=profile,
                    course=assignment.course,
                    status=st.status_for(
                        today=today,
                        due=due,
                        completed_on=completed_on,
                        expires_on=expires_on,
                        started=is_started,
                    ),
                    due=due,
                    completed_on=completed_on,
                    expires_on=expires_on,
                    started=is_started,
                    law_changed_on=law_changed_on,
                )
            )
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
    return list(queryset.filter(in_subtrees_q(paths, field="path")))


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
        in_subtrees_q(paths, field="unit__path") | in_subtrees_q(paths, field="person__unit__path")
    )


def status_expression(today: datetime.date) -> Case:
    """``status.status_for`` as SQL over a compliance record's stored dates."""
    expiring = today + datetime.timedelta(days=st.EXPIRING_SOON_DAYS)
    due_soon = today + datetime.timedelta(days=st.DUE_SOON_DAYS)
    done = Q(completed_on__isnull=False)
    return Case(
        When(done & Q(expires_on__lte=today), then=Value(st.EXPIRED)),
        When(done & Q(expires_on__lte=expiring), then=Value(st.EXPIRING_SOON)),
        When(done, then=Value(st.COMPLETED)),
        When(due__lt=today, then=Value(st.OVERDUE)),
        When(due__lte=due_soon, then=Value(st.DUE_SOON)),
        When(started=True, then=Value(st.IN_PROGRESS)),
        default=Value(st.NOT_STARTED),
        output_field=CharField(),
    )


LAW_CURRENT, LAW_OLD = "current", "old"


def records_in_scope(
    user,
    *,
    unit: OrgUnit | None = None,
    role=None,
    course=None,
    status: str | None = None,
    completed_from: datetime.date | None = None,
    completed_to: datetime.date | None = None,
    law: str | None = None,
    today: datetime.date | None = None,
):
    """The compliance records this user may see, filtered, each annotated with ``state``. Lazy:
    count it, group it or stream it, all in the database."""
    records = ComplianceRecord.objects.filter(profile__status=StaffProfile.Status.ACTIVE)
    paths = visible_unit_paths(user)
    if paths is not None:
        records = records.filter(
            in_subtrees_q(paths, field="profile__unit__path") | Q(profile__line_manager__user=user)
        )
    if unit is not None:
        records = records.filter(profile__unit__path__startswith=unit.path)
    if role is not None:
        records = records.filter(profile__role=role)
    if course is not None:
        records = records.filter(course=course)
    if completed_from:
        records = records.filter(completed_on__gte=completed_from)
    if completed_to:
        records = records.filter(completed_on__lte=completed_to)
    if law == LAW_CURRENT:
        records = records.filter(completed_on__isnull=False, law_changed_on__isnull=True)
    elif law == LAW_OLD:
        records = records.filter(law_changed_on__isnull=False)
    records = records.annotate(state=status_expression(today or timezone.localdate()))
    if status:
        records = records.filter(state=status)
    return records


def child_units(*, parent: OrgUnit | None, units: list[OrgUnit]) -> list[OrgUnit]:
    """The units a dashboard breaks down into: the children of ``parent``, or the top level (its
    directorates when one trust is the only top-level unit)."""
    if parent is None:
        children = [u for u in units if u.depth == min((x.depth for x in units), default=1)]
        if len(children) != 1:
            return children
        parent = children[0]
    return [u for u in units if u.depth == parent.depth + 1 and u.path.startswith(parent.path)]


def compliance_summary(records, *, parent: OrgUnit | None, units: list[OrgUnit]):
    """Totals, counts per child unit and counts per role: one grouped query on ids (which
    PostgreSQL hashes in memory), named and rolled up to the child units here."""
    children = child_units(parent=parent, units=units)
    by_path = {u.path: Group(key=u.pk, label=u.name, counts=Counter(), unit=u) for u in children}
    length = len(children[0].path) if children else 0
    branch_of = {u.pk: by_path.get(u.path[:length]) for u in units} if length else {}
    grouped = (
        records.annotate(
            old_law=ExpressionWrapper(Q(law_changed_on__isnull=False), output_field=BooleanField())
        )
        .values_list("profile__unit_id", "profile__role_id", "state", "old_law")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = Group(key=None, label="All", counts=Counter())
    roles: dict[int, Group] = {}
    for unit_id, role_id, state, old_law, n in grouped:
        old = n if old_law and state in st.COMPLIANT else 0
        role = roles.get(role_id) or roles.setdefault(
            role_id, Group(key=role_id, label="", counts=Counter())
        )
        for group in (total, role, branch_of.get(unit_id)):
            if group is not None:
                group.counts[state] += n
                group.on_old_law += old
    names = dict(JobRole.objects.filter(pk__in=list(roles)).values_list("pk", "name"))
    for pk, group in roles.items():
        group.label = names[pk]
    return total, list(by_path.values()), sorted(roles.values(), key=lambda g: g.label)


def record_rows(records, *, chunk_size: int = 2000):
    """Records as ``Row``s with their person, by surname, streamed in chunks (for one team)."""
    queryset = records.select_related("profile__unit", "profile__role").order_by(
        "profile__last_name", "profile__first_name", "profile_id", "course__title"
    )
    for record in queryset.annotate(course_title=F("course__title")).iterator(
        chunk_size=chunk_size
    ):
        yield Row(
            profile=record.profile,
            course=CourseRef(pk=record.course_id, title=record.course_title),
            status=record.state,
            due=record.due,
            completed_on=record.completed_on,
            expires_on=record.expires_on,
            started=record.started,
            law_changed_on=record.law_changed_on,
        )


EXPORT_FIELDS = (
    "profile__employee_number",
    "profile__first_name",
    "profile__last_name",
    "profile__email",
    "profile__unit__name",
    "profile__role__name",
    "course__title",
    "state",
    "due",
    "completed_on",
    "expires_on",
    "law_changed_on",
)


def export_lines(records, *, chunk_size: int = 5000):
    """Records as flat tuples (``EXPORT_FIELDS``), by surname, streamed in chunks."""
    return (
        records.order_by("profile__last_name", "profile__first_name", "profile_id", "course_id")
        .values_list(*EXPORT_FIELDS)
        .iterator(chunk_size=chunk_size)
    )


def people_summary(records) -> list[dict]:
    """One line per person: assigned, compliant, overdue or expired, and the next date due."""
    return list(
        records.values("profile_id", "profile__first_name", "profile__last_name")
        .annotate(
            role=Max("profile__role__name"),
            assigned=Count("pk"),
            compliant=Count("pk", filter=Q(state__in=st.COMPLIANT)),
            overdue=Count("pk", filter=Q(state__in=[st.OVERDUE, st.EXPIRED])),
            next_due=Min("due", filter=Q(completed_on__isnull=True)),
        )
        .order_by("profile__last_name", "profile__first_name", "profile_id")
    )


def person_in_scope(user, profile_id: int) -> StaffProfile | None:
    return staff_in_scope(user).select_related("unit", "role").filter(pk=profile_id).first()


def person_rows(profile: StaffProfile, *, today: datetime.date | None = None) -> list[Row]:
    """One person's records, soonest due first: one query, no page objects."""
    records = (
        ComplianceRecord.objects.filter(profile=profile)
        .annotate(state=status_expression(today or timezone.localdate()))
        .order_by("due", "course__title")
        .values_list(
            "course_id", "course__title", "state", "due", "completed_on", "expires_on", "started"
        )
    )
    return [
        Row(
            profile=profile,
            course=CourseRef(pk=course_id, title=title),
            status=state,
            due=due,
            completed_on=completed_on,
            expires_on=expires_on,
            started=started,
        )
        for course_id, title, state, due, completed_on, expires_on, started in records
    ]
