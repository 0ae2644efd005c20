"""Reads for quiz pages and results, each in a fixed number of queries."""

from __future__ import annotations

import dataclasses
import functools

from django.db.models import prefetch_related_objects

from core import sql

from .models import Feedback, Question, QuizAttempt


@dataclasses.dataclass
class QuestionView:
    """What a page shows for one question: never the correct answer unless ``feedback`` is set."""

    number: int
    question: Question
    answer: object = None
    feedback: Feedback | None = None
    points: object = None

    @property
    def field_name(self) -> str:
        return f"q{self.question.pk}"

    @property
    def answer_key(self) -> str:
        if self.answer is None:
            return ""
        if isinstance(self.answer, bool):
            return "true" if self.answer else "false"
        return str(self.answer)


def current_attempts(*, user, quiz_ids) -> list[QuizAttempt]:
    """For each of these quizzes and purposes, the learner's open attempt and latest graded one
    in the current round, each annotated with ``used`` (how many they have made in it): one
    query, plus two for the open attempts' answers and drafts when there are any, however many
    attempts over the years. A graded attempt's answers are not loaded: its result page reads
    them. Written as SQL: built by the ORM, its subqueries cost more to compile than to run."""
    quiz_ids = sorted(quiz_ids)
    if not quiz_ids:
        return []
    graded, in_progress = QuizAttempt.Status.GRADED, QuizAttempt.Status.IN_PROGRESS
    attempts = list(
        QuizAttempt.objects.raw(
            _current_attempts_sql(len(quiz_ids)),
            [False, user.pk, *quiz_ids, False, in_progress, user.pk, *quiz_ids, False, graded],
        )
    )
    open_attempts = [attempt for attempt in attempts if attempt.is_open]
    if open_attempts:
        prefetch_related_objects(open_attempts, "responses", "drafts")
    return attempts


@functools.cache
def _current_attempts_sql(quizzes: int) -> str:
    attempts, ids = sql.table(QuizAttempt), sql.placeholders(quizzes)
    # Only table and column names from the models, and placeholders, are put into the text.
    return (
        f"SELECT {sql.columns(QuizAttempt, 'a')}, "  # noqa: S608
        f"(SELECT COUNT(*) FROM {attempts} u WHERE u.user_id = a.user_id "
        f"AND u.quiz_id = a.quiz_id AND u.purpose = a.purpose AND u.earlier_round = %s) AS used "
        f"FROM {attempts} a WHERE a.user_id = %s AND a.quiz_id IN ({ids}) "
        f"AND a.earlier_round = %s AND (a.status = %s OR a.id IN ("
        f"SELECT MAX(g.id) FROM {attempts} g WHERE g.user_id = %s AND g.quiz_id IN ({ids}) "
        f"AND g.earlier_round = %s AND g.status = %s GROUP BY g.quiz_id, g.purpose)) "
        f"ORDER BY a.started_at DESC, a.id DESC"
    )


def question_views(attempt: QuizAttempt, *, with_feedback: bool) -> list[QuestionView]:
    """The attempt's questions, from its snapshot, with saved answers (and feedback if allowed)."""
    responses = {r.question_id: r for r in attempt.responses.all()}
    # An open attempt refills unfinished answers from their drafts (newer than any full answer).
    drafts = {d.question_id: d for d in attempt.drafts.all()} if attempt.is_open else {}
    views = []
    for number, question in enumerate(attempt.questions(), start=1):
        response = responses.get(question.pk)
        view = QuestionView(number=number, question=question)
        draft = drafts.get(question.pk)
        if draft is not None and (response is None or draft.saved_at >= response.saved_at):
            view.answer = draft.value
        elif response is not None:
            view.answer = response.answer
            view.points = response.points
            if with_feedback:
                view.feedback = question.feedback(response.answer)
        views.append(view)
    return views


def answer_feedback(*, attempt: QuizAttempt, response) -> dict:
    """The feedback for one saved answer, as plain data for the page's script."""
    item = next(i for i in attempt.snapshot if i["id"] == response.question_id)
    question = Question.from_snapshot(item)
    feedback = question.feedback(response.answer)
    chosen = response.answer if isinstance(response.answer, list) else [response.answer]
    chosen_keys = {("true" if c else "false") if isinstance(c, bool) else str(c) for c in chosen}
    return {
        "correct": feedback.correct,
        "message": feedback.message,
        "option_feedback": [
            text for key, text in feedback.option_feedback.items() if key in chosen_keys
        ],
        "solution": feedback.correct_answer_label,
        "points": str(question.score(response.answer)),
        "max_points": str(question.max_points()),
        "rewatch": [question.clip_start, question.clip_end] if question.has_clip else None,
    }


def attempt_for_owner(*, attempt_id, user) -> QuizAttempt | None:
    """The attempt if this user owns it; None for anyone else, so a guessed id reveals nothing."""
    return (
        QuizAttempt.objects.filter(pk=attempt_id, user=user)
        .select_related("quiz")
        .prefetch_related("responses", "drafts")
        .first()
    )


def sections_to_review(attempt: QuizAttempt) -> list[tuple[int, int]]:
    """The film sections behind the questions this attempt did not get fully right, in film
    order and without saying which question each belongs to, so nothing gives an answer away."""
    responses = {r.question_id: r for r in attempt.responses.all()}
    sections = set()
    for question in attempt.questions():
        response = responses.get(question.pk)
        full = response is not None and response.points is not None
        if full and response.points >= question.max_points():
            continue
        if question.has_clip:
            sections.add((question.clip_start, question.clip_end))
    return sorted(sections)
