"""Reads for reports: a learner's own attitude change, the anonymised cohort change, and item
analysis. Each reads attempts and responses in two queries, whatever the cohort size."""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections import Counter, defaultdict

from .models import LikertQuestion, Question, Quiz, QuizAttempt

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

    Groups of fewer than ``min_group`` learners are suppressed: no figures at all.
    """
    attempts = _graded(quiz, ["attitude_pre", "attitude_post"], user_ids=user_ids)
    latest = _latest_by_user(attempts)
    learners = {user for user, purpose in latest if purpose == "attitude_pre"} & {
        user for user, purpose in latest if purpose == "attitude_post"
    }
    if len(learners) < min_group:
        return AttitudeReport(statements=[], subscales=[], n=len(learners), suppressed=True)
    values_by_learner = {
        user: (
            _attitude_values(latest[(user, "attitude_pre")]),
            _attitude_values(latest[(user, "attitude_post")]),
        )
        for user in learners
    }
    pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    questions: dict[int, LikertQuestion] = {}
    for before, after in values_by_learner.values():
        for question_id in before.keys() & after.keys():
            questions[question_id] = after[question_id][0]
            pairs[question_id].append((before[question_id][1], after[question_id][1]))
    statements = []
    for question_id, values in pairs.items():
        question = questions[question_id]
        statements.append(
            StatementChange(
                question_id=question_id,
                text=question.text,
                subscale=question.subscale,
                reverse_scored=question.reverse_scored,
                before=round(statistics.fmean(b for b, _ in values), 2),
                after=round(statistics.fmean(a for _, a in values), 2),
                n=len(values),
                effect_size=_effect_size(values) if len(values) >= min_group else None,
            )
        )
    statements.sort(key=lambda s: s.question_id)
    subscales = _subscales(statements)
    for row in subscales:
        per_learner = []
        for before, after in values_by_learner.values():
            ids = [
                q
                for q in before.keys() & after.keys()
                if (questions[q].subscale or "general") == row.subscale
            ]
            if ids:
                per_learner.append(
                    (
                        statistics.fmean(before[q][1] for q in ids),
                        statistics.fmean(after[q][1] for q in ids),
                    )
                )
        row.effect_size = _effect_size(per_learner)
        row.n = len(per_learner)
    return AttitudeReport(statements=statements, subscales=subscales, n=len(learners))


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
