"""Reads for reports: a learner's own attitude change, the anonymised cohort change, and item
analysis, each in a fixed number of queries whatever the cohort size (the cohort's grouped in the
database)."""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections import Counter, defaultdict

from django.db import connection

from core import sql

from .models import LikertQuestion, Question, Quiz, QuizAttempt, Response

MIN_GROUP = 5  # smaller groups are suppressed, so nobody can be picked out


def _graded(quiz: Quiz, purposes, user=None, user_ids=None):
    queryset = QuizAttempt.objects.filter(
        quiz=quiz, purpose__in=purposes, status=QuizAttempt.Status.GRADED
    ).prefetch_related("responses")
    if user is not None:
        queryset = queryset.filter(user=user)
    if user_ids is not None:  # a list, or a subquery that stays in the database
        queryset = queryset.filter(user_id__in=user_ids)
    return list(queryset.order_by("user_id", "graded_at", "pk"))


def _latest_by_user(attempts) -> dict[tuple[int, str], QuizAttempt]:
    latest = {}
    for attempt in attempts:  # ordered oldest first, so the last one wins
        latest[(attempt.user_id, attempt.purpose)] = attempt
    return latest


def _attitude_values(attempt: QuizAttempt) -> dict[int, tuple[LikertQuestion, int]]:
    """Each statement's answer on the positive scale (reverse-scored items flipped)."""
    questions = {item["id"]: Question.from_snapshot(item) for item in attempt.snapshot}
    values = {}
    for response in attempt.responses.all():
        question = questions.get(response.question_id)
        if isinstance(question, LikertQuestion) and isinstance(response.answer, int):
            values[question.pk] = (question, question.attitude_value(response.answer))
    return values


@dataclasses.dataclass
class StatementChange:
    question_id: int
    text: str
    subscale: str
    reverse_scored: bool
    before: float | None
    after: float | None
    myth_fact: str = ""
    n: int = 1
    effect_size: float | None = None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


@dataclasses.dataclass
class AttitudeReport:
    statements: list[StatementChange]
    subscales: list[StatementChange]
    n: int
    suppressed: bool = False


def _subscales(statements: list[StatementChange]) -> list[StatementChange]:
    groups = defaultdict(list)
    for statement in statements:
        groups[statement.subscale or "general"].append(statement)
    rows = []
    for name, items in sorted(groups.items()):
        before = [s.before for s in items if s.before is not None]
        after = [s.after for s in items if s.after is not None]
        rows.append(
            StatementChange(
                question_id=0,
                text=name,
                subscale=name,
                reverse_scored=False,
                before=round(statistics.fmean(before), 2) if before else None,
                after=round(statistics.fmean(after), 2) if after else None,
                n=max((s.n for s in items), default=0),
            )
        )
    return rows


def attitude_change_for_learner(*, user, quiz: Quiz) -> AttitudeReport | None:
    """The learner's own before-and-after, per statement and subscale; None until both exist."""
    latest = _latest_by_user(_graded(quiz, ["attitude_pre", "attitude_post"], user=user))
    pre, post = latest.get((user.pk, "attitude_pre")), latest.get((user.pk, "attitude_post"))
    if pre is None or post is None:
        return None
    before, after = _attitude_values(pre), _attitude_values(post)
    statements = []
    for question_id, (question, value_after) in after.items():
        value_before = before.get(question_id, (None, None))[1]
        statements.append(
            StatementChange(
                question_id=question_id,
                text=question.text,
                subscale=question.subscale,
                reverse_scored=question.reverse_scored,
                before=value_before,
                after=value_after,
                myth_fact=question.myth_fact,
            )
        )
    return AttitudeReport(statements=statements, subscales=_subscales(statements), n=1)


def _effect_size(pairs: list[tuple[int, int]]) -> float | None:
    """Cohen's d for paired answers: the mean change over the standard deviation of changes."""
    diffs = [after - before for before, after in pairs]
    if len(diffs) < 2:
        return None
    spread = statistics.stdev(diffs)
    if spread == 0:
        return None
    return round(statistics.fmean(diffs) / spread, 2)


def attitude_cohort(*, quiz: Quiz, user_ids=None, min_group: int = MIN_GROUP) -> AttitudeReport:
    """The anonymised cohort change: learners who answered both before and after.

    Groups of fewer than ``min_group`` learners are suppressed: no figures at all. Counted in the
    database, like the compliance counts: one statement of grouped counts whatever the cohort, over
    every learner's latest graded "before" and "after" (the highest id of each), so at trust scale
    no attempt or answer is loaded. ``user_ids`` may be a list or a subquery.
    """
    cohort = _Cohort(quiz, user_ids)
    # One statement: the number of learners, each statement's sums and each subscale's, over
    # the answers worked out once (three statements each worked them out again).
    found = cohort.rows(
        "SELECT 'n', NULL, COUNT(*), 0, 0, 0 FROM pairs "
        "UNION ALL "
        "SELECT 'q', CAST(question_id AS TEXT), COUNT(*), SUM(before_v), SUM(after_v), "
        "SUM((after_v - before_v) * (after_v - before_v)) FROM vals GROUP BY question_id "
        "UNION ALL "
        "SELECT 's', subscale, COUNT(*), SUM(a - b), SUM((a - b) * (a - b)), 0 FROM ("
        "SELECT user_id, subscale, AVG(before_v * 1.0) AS b, AVG(after_v * 1.0) AS a "
        "FROM vals GROUP BY user_id, subscale) per GROUP BY subscale"
    )
    learners = next(row[2] for row in found if row[0] == "n")
    if learners < min_group:
        return AttitudeReport(statements=[], subscales=[], n=learners, suppressed=True)
    rows = [  # the union's sums come back as decimals on PostgreSQL
        (int(key), int(n), float(before), float(after), float(squares))
        for kind, key, n, before, after, squares in found
        if kind == "q"
    ]
    questions = LikertQuestion.objects.in_bulk([row[0] for row in rows])
    statements = []
    for question_id, n, before, after, squares in rows:
        question = questions.get(question_id)
        if question is None:
            continue
        statements.append(
            StatementChange(
                question_id=question_id,
                text=question.text,
                subscale=question.subscale,
                reverse_scored=question.reverse_scored,
                before=round(before / n, 2),
                after=round(after / n, 2),
                n=n,
                effect_size=_paired_d(n, after - before, squares) if n >= min_group else None,
            )
        )
    statements.sort(key=lambda s: s.question_id)
    subscales = _subscales(statements)
    # Each learner's mean over a subscale's statements, before and after, then their change.
    by_subscale = {
        name: (n, total, squares) for kind, name, n, total, squares, _zero in found if kind == "s"
    }
    for row in subscales:
        n, total, squares = by_subscale.get(row.subscale, (0, 0, 0))
        row.n = n
        row.effect_size = _paired_d(n, total, squares)
    return AttitudeReport(statements=statements, subscales=subscales, n=learners)


def _paired_d(n: int, total, squares) -> float | None:
    """Cohen's d for paired answers from sums: the mean change over the sample standard
    deviation of the changes (as ``_effect_size`` computes it from the pairs)."""
    if n < 2:
        return None
    total, squares = float(total), float(squares)
    variance = (squares - total * total / n) / (n - 1)
    if variance <= 1e-12:
        return None
    return round((total / n) / math.sqrt(variance), 2)


def users_clause(user_ids) -> tuple[str, list]:
    """``AND user_id IN (…)`` for a list of ids or a subquery (none: everyone), and its params."""
    if user_ids is None:
        return "", []
    if hasattr(user_ids, "query"):
        subquery, params = user_ids.query.sql_with_params()
        return f"AND user_id IN ({subquery})", list(params)
    params = [int(i) for i in user_ids] or [0]
    return f"AND user_id IN ({sql.placeholders(len(params))})", params


def likert_value(alias: str) -> str:
    """A response's Likert answer on the positive scale (reverse-scored statements flipped), as
    SQL over the response ``alias`` joined to its LikertQuestion as ``q``. A Likert answer is a
    JSON number 1 to 5; anything else is NULL, never cast. The test sits inside the value, not in
    a WHERE on the join, where PostgreSQL guessed it kept 1 answer in 200 and chose nested loops
    over every answer."""
    if connection.vendor == "postgresql":
        number = f"jsonb_typeof({alias}.answer) = 'number'"
        integer = f"CAST(CAST({alias}.answer AS TEXT) AS INTEGER)"
    else:
        number = f"json_type({alias}.answer) = 'integer'"
        integer = f"CAST({alias}.answer AS INTEGER)"
    return (
        f"CASE WHEN {number} THEN (CASE WHEN q.reverse_scored THEN 6 - {integer} "
        f"ELSE {integer} END) END"
    )


class _Cohort:
    """The SQL of the cohort: each learner's latest graded before and after (``pairs``), and each
    statement both answer on the positive scale (``vals``: reverse-scored items flipped)."""

    def __init__(self, quiz: Quiz, user_ids):
        attempts, responses, likert = (
            sql.table(QuizAttempt),
            sql.table(Response),
            sql.table(LikertQuestion),
        )
        ptr = sql.name(LikertQuestion._meta.pk.column)
        users, user_params = users_clause(user_ids)
        value = likert_value
        # Read twice by the one statement: worked out once (PostgreSQL would inline it).
        materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
        # Only table and column names from the models, and placeholders, are put into the text.
        # One grouped pass gives each learner's latest before and after (a self-join of the
        # latest attempts was estimated at one row, and PostgreSQL re-ran it per answer).
        before, after = (
            "MAX(CASE WHEN purpose = %s THEN id END)",
            "MAX(CASE WHEN purpose = %s THEN id END)",
        )
        self.prefix = (
            f"WITH pairs AS (SELECT user_id, {before} AS before_id, {after} AS after_id "  # noqa: S608
            f"FROM {attempts} "
            f"WHERE quiz_id = %s AND status = %s AND purpose IN (%s, %s) {users} "
            f"GROUP BY user_id HAVING {before} IS NOT NULL AND {after} IS NOT NULL), "
            f"raw AS (SELECT p.user_id, rb.question_id, "
            f"COALESCE(NULLIF(q.subscale, ''), 'general') AS subscale, "
            f"{value('rb')} AS before_v, {value('ra')} AS after_v FROM pairs p "
            f"JOIN {responses} rb ON rb.attempt_id = p.before_id "
            f"JOIN {responses} ra ON ra.attempt_id = p.after_id "
            f"AND ra.question_id = rb.question_id "
            f"JOIN {likert} q ON q.{ptr} = rb.question_id), "
            f"vals AS {materialized}(SELECT * FROM raw "
            f"WHERE before_v IS NOT NULL AND after_v IS NOT NULL) "
        )
        pre, post = QuizAttempt.Purpose.ATTITUDE_PRE, QuizAttempt.Purpose.ATTITUDE_POST
        self.params = [
            pre,
            post,
            quiz.pk,
            QuizAttempt.Status.GRADED,
            pre,
            post,
            *user_params,
            pre,
            post,
        ]

    def rows(self, select: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(self.prefix + select, self.params)
            return cursor.fetchall()


@dataclasses.dataclass
class ItemRow:
    question_id: int
    text: str
    type_label: str
    n: int
    facility: float | None
    discrimination: float | None
    spread: list[tuple[str, int]]


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return round(sxy / math.sqrt(sxx * syy), 2)


def item_analysis(*, quiz: Quiz) -> list[ItemRow]:
    """Per question: facility (mean share of points), discrimination (correlation of the item's
    score with the rest of the attempt's score) and the spread of answers across options."""
    attempts = _graded(quiz, [QuizAttempt.Purpose.KNOWLEDGE])
    scores: dict[int, list[float]] = defaultdict(list)
    rests: dict[int, list[float]] = defaultdict(list)
    spread: dict[int, Counter] = defaultdict(Counter)
    texts: dict[int, Question] = {}
    for attempt in attempts:
        questions = {item["id"]: Question.from_snapshot(item) for item in attempt.snapshot}
        responses = {r.question_id: r for r in attempt.responses.all()}
        total = float(attempt.points or 0)
        for question_id, question in questions.items():
            if not question.scored:
                continue
            texts.setdefault(question_id, question)
            response = responses.get(question_id)
            points = float(response.points or 0) if response else 0.0
            maximum = float(question.max_points()) or 1.0
            scores[question_id].append(points / maximum)
            rests[question_id].append(total - points)
            if response is not None:
                for label in question.answer_labels(response.answer):
                    spread[question_id][label] += 1
            else:
                spread[question_id]["(no answer)"] += 1
    rows = []
    for question_id, question in texts.items():
        values = scores[question_id]
        rows.append(
            ItemRow(
                question_id=question_id,
                text=question.text,
                type_label=str(question.type_label),
                n=len(values),
                facility=round(statistics.fmean(values), 2) if values else None,
                discrimination=_pearson(values, rests[question_id]),
                spread=spread[question_id].most_common(),
            )
        )
    return sorted(rows, key=lambda row: row.question_id)
