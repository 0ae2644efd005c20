"""Reads for quiz pages and results, each in a fixed number of queries."""

from __future__ import annotations

import dataclasses

from django.db.models import Count, Max, OuterRef, Q, Subquery, prefetch_related_objects

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
    them."""
    mine = QuizAttempt.objects.filter(user=user, quiz_id__in=list(quiz_ids), earlier_round=False)
    latest_graded = (
        mine.filter(status=QuizAttempt.Status.GRADED)
        .values("quiz_id", "purpose")
        .annotate(last=Max("pk"))
        .values("last")
    )
    used = (
        QuizAttempt.objects.filter(
            user=OuterRef("user"), quiz=OuterRef("quiz"), purpose=OuterRef("purpose")
        )
        .filter(earlier_round=False)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    attempts = list(
        mine.filter(Q(status=QuizAttempt.Status.IN_PROGRESS) | Q(pk__in=latest_graded))
        .annotate(used=Subquery(used))
        .order_by("-started_at", "-pk")
    )
    open_attempts = [attempt for attempt in attempts if attempt.is_open]
    if open_attempts:
        prefetch_related_objects(open_attempts, "responses", "drafts")
    return attempts


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
