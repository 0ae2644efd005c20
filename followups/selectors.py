"""Reads for follow-ups: a learner's own, and the anonymised reports (fixed queries each)."""

from __future__ import annotations

import dataclasses
from collections import Counter

from django.db import connection

from core import sql
from quizzes.analytics import likert_value, users_clause
from quizzes.models import LikertQuestion, QuizAttempt, Response

from .models import Behaviour, FollowUp

MIN_GROUP = 5  # below this many people, nothing is shown: smaller groups could identify people


def followup_of(user, followup_id) -> FollowUp | None:
    """The learner's own follow-up, or None (somebody else's is as good as missing)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        followup_id = int(followup_id)
    except (TypeError, ValueError):
        return None
    return FollowUp.objects.select_related("course").filter(pk=followup_id, user=user).first()


def open_for(user) -> list[FollowUp]:
    """The follow-ups waiting for this learner's answer (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        FollowUp.objects.filter(
            user=user, status__in=[FollowUp.Status.INVITED, FollowUp.Status.DECLINED]
        )
        .select_related("course")
        .order_by("due_on")
    )


def attitude_quiz(course):
    """The attitude questionnaire the course's modules ask (before or after), if any."""
    from courses.models import ModulePage

    for module in ModulePage.objects.live().child_of(course).order_by("path"):
        for purpose in (QuizAttempt.Purpose.ATTITUDE_POST, QuizAttempt.Purpose.ATTITUDE_PRE):
            blocks = module.quiz_blocks(purpose)
            if blocks:
                return blocks[0].value["quiz"]
    return None


@dataclasses.dataclass
class ThreePoints:
    question_id: int
    text: str
    n: int
    before: float
    after: float
    later: float


@dataclasses.dataclass
class ThreePointReport:
    n: int
    suppressed: bool
    statements: list[ThreePoints]


def three_points(*, quiz, user_ids=None, min_group: int = MIN_GROUP) -> ThreePointReport:
    """Each statement's mean (on the positive scale) before the course, straight after it, and at
    the follow-up, for learners who answered all three: one grouped statement, then the texts.
    Fewer than ``min_group`` such learners: nothing shown. ``user_ids``: a list or a subquery."""
    attempts, responses, likert = (
        sql.table(QuizAttempt),
        sql.table(Response),
        sql.table(LikertQuestion),
    )
    ptr = sql.name(LikertQuestion._meta.pk.column)
    users, user_params = users_clause(user_ids)
    value = likert_value

    latest = "MAX(CASE WHEN purpose = %s THEN id END)"
    text = (
        f"WITH t AS (SELECT user_id, {latest} AS b, {latest} AS a, {latest} AS f "  # noqa: S608
        f"FROM {attempts} WHERE quiz_id = %s AND status = %s AND purpose IN (%s, %s, %s) {users} "
        f"GROUP BY user_id HAVING {latest} IS NOT NULL AND {latest} IS NOT NULL "
        f"AND {latest} IS NOT NULL), "
        f"v AS (SELECT rb.question_id, {value('rb')} AS bv, {value('ra')} AS av, "
        f"{value('rf')} AS fv FROM t "
        f"JOIN {responses} rb ON rb.attempt_id = t.b "
        f"JOIN {responses} ra ON ra.attempt_id = t.a AND ra.question_id = rb.question_id "
        f"JOIN {responses} rf ON rf.attempt_id = t.f AND rf.question_id = rb.question_id "
        f"JOIN {likert} q ON q.{ptr} = rb.question_id) "
        f"SELECT 0, COUNT(*), 0, 0, 0 FROM t UNION ALL "
        f"SELECT question_id, COUNT(*), SUM(bv), SUM(av), SUM(fv) FROM v "
        f"WHERE bv IS NOT NULL AND av IS NOT NULL AND fv IS NOT NULL GROUP BY question_id"
    )
    pre, post, later = (
        QuizAttempt.Purpose.ATTITUDE_PRE,
        QuizAttempt.Purpose.ATTITUDE_POST,
        QuizAttempt.Purpose.ATTITUDE_FOLLOWUP,
    )
    params = [pre, post, later, quiz.pk, QuizAttempt.Status.GRADED, pre, post, later]
    params += [*user_params, pre, post, later]
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        rows = cursor.fetchall()
    learners = next(int(row[1]) for row in rows if row[0] == 0)
    if learners < min_group:
        return ThreePointReport(n=learners, suppressed=True, statements=[])
    found = [row for row in rows if row[0] != 0]
    texts = dict(
        LikertQuestion.objects.filter(pk__in=[row[0] for row in found]).values_list("pk", "text")
    )
    statements = [
        ThreePoints(
            question_id=question_id,
            text=texts.get(question_id, ""),
            n=int(n),
            before=round(float(b) / n, 2),
            after=round(float(a) / n, 2),
            later=round(float(f) / n, 2),
        )
        for question_id, n, b, a, f in sorted(found)
        if n
    ]
    return ThreePointReport(n=learners, suppressed=False, statements=statements)


@dataclasses.dataclass
class UnitBehaviours:
    label: str
    answered: int
    suppressed: bool
    counts: list[tuple[str, int]]


def behaviours_by_unit(*, profiles, parent, units, min_group: int = MIN_GROUP):
    """What answered follow-ups report, per child unit of ``parent`` (as the compliance
    dashboard breaks down): one query. ``profiles``: the staff records in view (a queryset).
    A unit with fewer than ``min_group`` answers shows no counts."""
    from tracking.selectors import child_units

    children = child_units(parent=parent, units=units)
    if not children:
        children = [parent] if parent is not None else []
    length = len(children[0].path) if children else 0
    by_path = {u.path: u for u in children}
    rows = FollowUp.objects.filter(
        status=FollowUp.Status.ANSWERED,
        user__staff_profile__in=profiles.values("pk"),
    ).values_list("user__staff_profile__unit__path", "behaviours")
    answered: Counter = Counter()
    reported: dict[str, Counter] = {}
    for path, behaviours in rows:
        branch = by_path.get((path or "")[:length])
        if branch is None:
            continue
        answered[branch.path] += 1
        reported.setdefault(branch.path, Counter()).update(behaviours or [])
    labels = Behaviour.choices
    result = []
    for unit in children:
        n = answered[unit.path]
        if not n:
            continue
        counts = reported.get(unit.path, Counter())
        result.append(
            UnitBehaviours(
                label=unit.name,
                answered=n,
                suppressed=n < min_group,
                counts=[]
                if n < min_group
                else [(str(label), counts[key]) for key, label in labels],
            )
        )
    return result
