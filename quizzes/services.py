"""Every write to quizzes and attempts. Views call these; nothing else writes attempts."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Question, Quiz, QuizAttempt, Response

ERROR_ATTEMPT_CLOSED = _(
    "This attempt has already been submitted, so it cannot be changed. Your result is kept."
)
ERROR_QUESTION_NOT_IN_ATTEMPT = _("That question is not part of this attempt. Reload the page.")
ERROR_INCOMPLETE = _("Answer every question before you submit.")
ERROR_EMPTY_QUIZ = _("This quiz has no questions yet.")


class AttemptError(Exception):
    """A request the learner can correct; ``status`` is the HTTP status for it."""

    status = 400

    def __init__(self, message, *, errors: Mapping[int, str] | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.errors = dict(errors or {})


class AttemptClosed(AttemptError):
    status = 409


class InvalidResponse(AttemptError):
    status = 400


def attempt_start(
    *, user, quiz: Quiz, purpose: str = QuizAttempt.Purpose.KNOWLEDGE, context_id=None
) -> QuizAttempt:
    """The learner's open attempt at this quiz, or a new one with a snapshot of its questions."""
    existing = QuizAttempt.objects.filter(
        user=user, quiz=quiz, purpose=purpose, status=QuizAttempt.Status.IN_PROGRESS
    ).first()
    if existing:
        return existing
    order = list(quiz.quiz_questions.order_by("sort_order").values_list("question_id", flat=True))
    if not order:
        raise AttemptError(ERROR_EMPTY_QUIZ)
    # Polymorphic: one query per question type present, each row its own subclass.
    by_id = {question.pk: question for question in Question.objects.filter(pk__in=order)}
    snapshot = [by_id[pk].to_snapshot() for pk in order]
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(
                user=user,
                quiz=quiz,
                purpose=purpose,
                context_id=context_id,
                snapshot=snapshot,
                pass_mark=quiz.pass_mark if quiz.is_scored else 0,
            )
    except IntegrityError:
        # Another tab started one at the same moment: use it.
        return QuizAttempt.objects.get(
            user=user, quiz=quiz, purpose=purpose, status=QuizAttempt.Status.IN_PROGRESS
        )


def _question_in(attempt: QuizAttempt, question_id) -> Question:
    try:
        question_id = int(question_id)
    except (TypeError, ValueError):
        raise InvalidResponse(ERROR_QUESTION_NOT_IN_ATTEMPT) from None
    for item in attempt.snapshot:
        if item["id"] == question_id:
            return Question.from_snapshot(item)
    raise InvalidResponse(ERROR_QUESTION_NOT_IN_ATTEMPT)


def _lock_open(attempt: QuizAttempt) -> QuizAttempt:
    locked = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if not locked.is_open:
        raise AttemptClosed(ERROR_ATTEMPT_CLOSED)
    return locked


def response_save(*, attempt: QuizAttempt, question_id, raw) -> Response:
    """Validate and keep one answer in an open attempt (the latest answer wins)."""
    if not attempt.is_open:
        raise AttemptClosed(ERROR_ATTEMPT_CLOSED)
    question = _question_in(attempt, question_id)
    try:
        answer = question.clean_response(raw)
    except ValidationError as error:
        raise InvalidResponse(error.messages[0], errors={question.pk: error.messages[0]}) from None
    with transaction.atomic():
        locked = _lock_open(attempt)
        response, _created = Response.objects.update_or_create(
            attempt=locked, question_id=question.pk, defaults={"answer": answer}
        )
    return response


@dataclasses.dataclass
class GradedQuestion:
    question: Question
    answer: object
    points: Decimal
    feedback: object


def attempt_submit(
    *, attempt: QuizAttempt, answers: Mapping[int, object] | None = None
) -> QuizAttempt:
    """Save any final answers, then grade the attempt once.

    Submitting an attempt that is already graded returns it unchanged, so a double click or a
    second tab gives the same single result.
    """
    answers = dict(answers or {})
    questions = attempt.questions()
    cleaned: dict[int, object] = {}
    errors: dict[int, str] = {}
    by_id = {q.pk: q for q in questions}
    for raw_id, raw in answers.items():
        question = by_id.get(int(raw_id)) if str(raw_id).isdigit() else None
        if question is None:
            raise InvalidResponse(ERROR_QUESTION_NOT_IN_ATTEMPT)
        try:
            cleaned[question.pk] = question.clean_response(raw)
        except ValidationError as error:
            errors[question.pk] = error.messages[0]

    with transaction.atomic():
        locked = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if not locked.is_open:
            return locked
        # Keep every valid answer even when the submit is refused, so nothing given is lost.
        for question_id, answer in cleaned.items():
            Response.objects.update_or_create(
                attempt=locked, question_id=question_id, defaults={"answer": answer}
            )
        saved = {r.question_id: r for r in locked.responses.all()}
        missing = {
            q.pk: str(ERROR_INCOMPLETE)
            for q in questions
            if q.pk not in saved and q.pk not in errors
        }
        if not errors and not missing:
            _grade(locked, questions, saved)
    if errors:
        raise InvalidResponse(next(iter(errors.values())), errors={**errors, **missing})
    if missing:
        raise InvalidResponse(ERROR_INCOMPLETE, errors=missing)
    return locked


def _grade(locked: QuizAttempt, questions, saved) -> None:
    """Score every response through its own question type and close the attempt."""
    total = Decimal(0)
    maximum = Decimal(0)
    for question in questions:
        response = saved[question.pk]
        points = min(max(question.score(response.answer), Decimal(0)), question.max_points())
        response.points = points
        total += points
        maximum += question.max_points()
    Response.objects.bulk_update(saved.values(), ["points"])

    now = timezone.now()
    locked.points = total
    locked.max_points = maximum
    locked.status = QuizAttempt.Status.GRADED
    locked.submitted_at = now
    locked.graded_at = now
    if locked.quiz.is_scored and maximum:
        locked.passed = total * 100 >= maximum * locked.pass_mark
    else:
        locked.passed = None
    locked.save(
        update_fields=["points", "max_points", "status", "submitted_at", "graded_at", "passed"]
    )
