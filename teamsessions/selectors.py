"""Reads for team sessions: the facilitator's screens, the attendee's page, the live poll's
spread (hidden below 5 answers), a learner's sessions, and L&D's figures (fixed queries each)."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, User
from courses.models import CoursePage, ModulePage
from organisation.models import OrgUnit, StaffProfile, in_subtrees_q
from quizzes.models import LikertQuestion

from .models import SHORT_CODE_LENGTH, Attendance, PollAnswer, TeamSession, TeamSessionSettings

MIN_GROUP = 5  # the room sees a statement's spread only once this many people have answered
FACILITATE = "teamsessions.add_teamsession"
MANAGE_ANY = "teamsessions.change_teamsession"


def attendance_rule() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return TeamSessionSettings.Rule.COUNTS
    return TeamSessionSettings.for_site(site).attendance_rule


def normalise_code(typed: str) -> str | None:
    """A short code as typed on a phone: spaces and hyphens dropped, either case, O/I/L read as
    0/1."""
    code = "".join(ch for ch in (typed or "").upper() if ch not in " -")
    code = code.translate(str.maketrans("OIL", "011"))
    if len(code) != SHORT_CODE_LENGTH:
        return None
    return code


def session_by_code(typed: str) -> TeamSession | None:
    code = normalise_code(typed)
    if code is None:
        return None
    return (
        TeamSession.objects.select_related("course", "module", "unit")
        .filter(short_code=code)
        .first()
    )


def profile_of(user) -> StaffProfile | None:
    return (
        StaffProfile.objects.filter(
            Q(user=user) | Q(user__isnull=True, email__iexact=user.email),
            status=StaffProfile.Status.ACTIVE,
        )
        .select_related("unit")
        .first()
    )


def in_team(session: TeamSession, user) -> bool:
    """Whether the person works in the team (or a part of it) the session was for."""
    return StaffProfile.objects.filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email),
        status=StaffProfile.Status.ACTIVE,
        unit__path__startswith=session.unit.path,
    ).exists()


def team(session: TeamSession):
    """The active staff of the team the session is for."""
    return StaffProfile.objects.filter(
        status=StaffProfile.Status.ACTIVE, unit__path__startswith=session.unit.path
    )


def team_addresses(session: TeamSession) -> list[str]:
    addresses = set()
    for email, user_email in team(session).values_list("email", "user__email"):
        if user_email or email:
            addresses.add((user_email or email).lower())
    return sorted(addresses)


def covered_modules(session: TeamSession) -> list[ModulePage]:
    if session.module_id:
        return [session.module.specific]
    return list(ModulePage.objects.live_in(session.course))


def prompts(session: TeamSession) -> list[str]:
    """The module's discussion prompts (its reflection prompts), in order."""
    found = []
    for module in covered_modules(session):
        for block in module.body:
            if block.block_type == "reflection_prompt":
                found.append(str(block.value["prompt"]))
    return found


def films(session: TeamSession) -> list[tuple[ModulePage, object]]:
    """The film blocks of the modules the session covers, with their module."""
    return [
        (module, block)
        for module in covered_modules(session)
        for block in module.body
        if block.block_type == "film"
    ]


def poll_questions(session: TeamSession) -> list[LikertQuestion]:
    """The course's staff-attitude statements, in the questionnaire's order."""
    from followups.selectors import attitude_quiz

    quiz = attitude_quiz(session.course)
    if quiz is None:
        return []
    order = list(quiz.quiz_questions.order_by("sort_order").values_list("question_id", flat=True))
    by_id = {q.pk: q for q in LikertQuestion.objects.filter(pk__in=order)}
    return [by_id[pk] for pk in order if pk in by_id]


@dataclasses.dataclass
class Spread:
    question: LikertQuestion
    n: int
    counts: list[tuple[str, int, int]]  # (label, count, percent), strongly disagree first

    @property
    def shown(self) -> bool:
        return self.n >= MIN_GROUP


def poll_spread(
    session: TeamSession, questions=None, *, min_group: int = MIN_GROUP
) -> list[Spread]:
    """How the room answered each statement: counts per point of the scale, only once at least
    ``min_group`` people have answered it (fewer could be told apart)."""
    questions = questions if questions is not None else poll_questions(session)
    tally: dict[int, Counter] = defaultdict(Counter)
    for question_id, value, n in (
        PollAnswer.objects.filter(session=session)
        .values("question_id", "value")
        .annotate(n=Count("pk"))
        .values_list("question_id", "value", "n")
    ):
        tally[question_id][value] = n
    spreads = []
    for question in questions:
        counter = tally.get(question.pk, Counter())
        n = sum(counter.values())
        counts = []
        if n >= min_group:
            counts = [
                (str(label), counter[value], round(100 * counter[value] / n))
                for value, label in LikertQuestion.SCALE
            ]
        spreads.append(Spread(question=question, n=n, counts=counts))
    return spreads


def can_facilitate(user) -> bool:
    """Trainers, L&D managers and the trust's invited facilitators (advocates, ward managers
    given the role); and any line manager, for their own team. One query."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    app_label, codename = FACILITATE.split(".")
    granted = Permission.objects.filter(
        Q(user=user) | Q(group__user=user), content_type__app_label=app_label, codename=codename
    )
    manages = StaffProfile.objects.filter(line_manager__user=user)
    return (
        User.objects.filter(pk=user.pk, is_active=True)
        .filter(Exists(granted) | Exists(manages))
        .exists()
    )


def facilitator_units(user) -> list[OrgUnit]:
    """The teams this person may plan a session for."""
    if user.has_perm(FACILITATE):
        return list(OrgUnit.objects.exclude(kind=OrgUnit.Kind.TRUST).order_by("path"))
    unit_ids = StaffProfile.objects.filter(line_manager__user=user).values("unit_id")
    return list(OrgUnit.objects.filter(pk__in=unit_ids).order_by("path"))


def facilitator_roles_default(user) -> str:
    if user.groups.filter(name="Trainers").exists():
        return TeamSession.FacilitatorRole.TRAINER
    return TeamSession.FacilitatorRole.WARD_MANAGER


def courses_for_sessions() -> list[CoursePage]:
    return list(CoursePage.objects.live().order_by("title"))


def modules_for_sessions() -> list[ModulePage]:
    return list(ModulePage.objects.live().order_by("path"))


def _sessions():
    return TeamSession.objects.select_related("course", "module", "unit", "facilitator")


def session_for(user, session_id) -> TeamSession | None:
    """A session its facilitator (or someone who manages every session) may run."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        session_id = int(session_id)
    except (TypeError, ValueError):
        return None
    sessions = _sessions().filter(pk=session_id)
    if not (user.is_superuser or user.has_perm(MANAGE_ANY)):
        sessions = sessions.filter(facilitator=user)
    return sessions.first()


def facilitated_by(user) -> dict[str, list[TeamSession]]:
    now = timezone.now()
    sessions = list(_sessions().filter(facilitator=user).annotate(attended=Count("attendance")))
    return {
        "upcoming": sorted(
            (s for s in sessions if s.ends_at > now and s.status == TeamSession.Status.SCHEDULED),
            key=lambda s: s.starts_at,
        ),
        "past": [s for s in sessions if not (s.ends_at > now and s.status == "scheduled")],
    }


def register(session: TeamSession) -> list[Attendance]:
    return list(
        session.attendance.select_related("user", "session").order_by(
            "user__last_name", "user__first_name", "pk"
        )
    )


def roster_not_signed(session: TeamSession) -> list[StaffProfile]:
    """The team's people with a Bridge account who are not on the register yet (to tick)."""
    signed = session.attendance.values("user_id")
    return list(
        team(session)
        .filter(user__isnull=False)
        .exclude(user_id__in=signed)
        .select_related("user", "unit")
        .order_by("last_name", "first_name")
    )


def register_changes(session: TeamSession) -> list[AuditEvent]:
    """Corrections to the register after the event, newest first."""
    return list(
        AuditEvent.objects.filter(
            action="teamsession.register_edit",
            object_type=TeamSession._meta.label_lower,
            object_id=str(session.pk),
        )
        .select_related("actor")
        .order_by("-pk")
    )


def attendance_of(user, session: TeamSession) -> Attendance | None:
    return Attendance.objects.filter(session=session, user=user).first()


def own_attendance(user, attendance_id) -> Attendance | None:
    """The learner's own attendance (for its certificate), or the view of one by its session's
    facilitator, an L&D manager for that team, or an admin."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        attendance_id = int(attendance_id)
    except (TypeError, ValueError):
        return None
    attendance = (
        Attendance.objects.select_related(
            "user", "session__course", "session__module", "session__unit", "session__facilitator"
        )
        .filter(pk=attendance_id)
        .first()
    )
    if attendance is None:
        return None
    if attendance.user_id == user.pk or attendance.session.facilitator_id == user.pk:
        return attendance
    if user.is_superuser:
        return attendance
    if user.has_perm("teamsessions.view_attendance"):  # L&D: only in the units they look after
        from organisation.selectors import managed_unit_paths

        paths = managed_unit_paths(user) or []
        if any(attendance.session.unit.path.startswith(path) for path in paths):
            return attendance
    return None


def attendance_by_code(code: str) -> Attendance | None:
    from certificates import codes

    stored = codes.normalise(code)
    if stored is None:
        return None
    return (
        Attendance.objects.select_related(
            "user", "session__course", "session__module", "session__unit", "session__facilitator"
        )
        .filter(certificate_code=stored, session__status=TeamSession.Status.CLOSED, hours__gt=0)
        .first()
    )


def attendance_verify_url(attendance: Attendance) -> str:
    return settings.BASE_URL.rstrip("/") + reverse(
        "teamsessions:verify", args=[attendance.certificate_code]
    )


def my_sessions(user) -> dict[str, list]:
    """For My training: the team's sessions to come, and the ones the person attended (two
    queries)."""
    if not user.is_authenticated:
        return {"upcoming": [], "attended": []}
    # A session for a unit reaches everyone in it or beneath it: its path is a prefix of theirs.
    works_there = StaffProfile.objects.filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email),
        status=StaffProfile.Status.ACTIVE,
        unit__path__startswith=OuterRef("unit__path"),
    )
    upcoming = list(
        _sessions()
        .filter(
            Exists(works_there), status=TeamSession.Status.SCHEDULED, ends_at__gt=timezone.now()
        )
        .order_by("starts_at")[:5]
    )
    attended = list(
        Attendance.objects.filter(user=user, session__status=TeamSession.Status.CLOSED, hours__gt=0)
        .select_related("session__course", "session__module", "session__unit")
        .order_by("-session__starts_at")[:5]
    )
    return {"upcoming": upcoming, "attended": attended}


@dataclasses.dataclass
class UnitSessions:
    unit: OrgUnit
    sessions: int
    attendees: int  # places filled by the team (guests apart)
    team_places: int  # the team's size at each session, added up
    guests: int
    hours: Decimal

    @property
    def rate(self) -> int:
        return round(100 * self.attendees / self.team_places) if self.team_places else 0


def sessions_in_scope(user, *, paths: list[str] | None):
    sessions = _sessions().filter(status=TeamSession.Status.CLOSED)
    if paths is not None:
        sessions = sessions.filter(in_subtrees_q(paths, field="unit__path"))
    return sessions


def units_summary(*, paths: list[str] | None) -> list[UnitSessions]:
    """Per team: sessions held, attendance rate (team attendees over team size), guests and
    participatory hours. Three queries whatever the number of sessions."""
    sessions = list(
        sessions_in_scope(None, paths=paths)
        .annotate(
            team_attended=Count(
                "attendance", filter=Q(attendance__guest=False, attendance__hours__gt=0)
            ),
            guests=Count("attendance", filter=Q(attendance__guest=True, attendance__hours__gt=0)),
            hours_total=Sum("attendance__hours"),
        )
        .order_by("unit__path", "starts_at")
    )
    if not sessions:
        return []
    unit_paths = sorted({s.unit.path for s in sessions})
    # The team's size now: active staff in the unit or beneath it.
    sizes = Counter()
    for path in StaffProfile.objects.filter(
        in_subtrees_q(unit_paths, field="unit__path"), status=StaffProfile.Status.ACTIVE
    ).values_list("unit__path", flat=True):
        for unit_path in unit_paths:
            if path.startswith(unit_path):
                sizes[unit_path] += 1
    by_unit: dict[int, UnitSessions] = {}
    for s in sessions:
        row = by_unit.setdefault(
            s.unit_id,
            UnitSessions(
                unit=s.unit, sessions=0, attendees=0, team_places=0, guests=0, hours=Decimal(0)
            ),
        )
        row.sessions += 1
        row.attendees += s.team_attended
        row.team_places += sizes[s.unit.path]
        row.guests += s.guests
        row.hours += s.hours_total or Decimal(0)
    for row in by_unit.values():  # SQLite sums decimals as floats: back to tenths of an hour
        row.hours = Decimal(row.hours).quantize(Decimal("0.1"))
    return list(by_unit.values())


def export_rows(*, paths: list[str] | None):
    """One row per person per closed session in scope, for the CSV (one query, streamed)."""
    attendance = (
        Attendance.objects.filter(session__status=TeamSession.Status.CLOSED)
        .select_related(
            "user", "session__course", "session__module", "session__unit", "session__facilitator"
        )
        .order_by("session__starts_at", "session_id", "user__last_name", "pk")
    )
    if paths is not None:
        attendance = attendance.filter(in_subtrees_q(paths, field="session__unit__path"))
    return attendance.iterator(chunk_size=2000)


def user_choices_for_tick(session: TeamSession, email: str) -> User | None:
    """A guest the facilitator adds by e-mail address (someone from outside the team)."""
    return User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
