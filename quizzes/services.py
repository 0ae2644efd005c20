"""Every write to quizzes and attempts. Views call these; nothing else writes attempts."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Question, Quiz, QuizAttempt, Response, ResponseDraft, moment_label

ERROR_ATTEMPT_CLOSED = _(
    "This attempt has already been submitted, so it cannot be changed. Your result is kept."
)
ERROR_TIME_UP = _("The time for this quiz is up. Your answers saved before then are kept.")
ERROR_ATTEMPT_NOT_FOUND = _(
    "We could not find that quiz attempt for your account. Reload the module."
)
ERROR_QUESTION_NOT_IN_ATTEMPT = _("That question is not part of this attempt. Reload the page.")
ERROR_INCOMPLETE = _("Answer every question before you submit.")
ERROR_NOT_AN_ANSWER = _("That is not an answer to this question. Reload the page.")
ERROR_EMPTY_QUIZ = _("This quiz has no questions yet.")
ERROR_NO_ATTEMPTS_LEFT = _(
    "You have used all %(n)s attempts at this quiz. Contact your L&D team if you need another."
)
ERROR_WAIT = _(
    "You can try again from %(time)s: this quiz asks for %(n)s minutes between attempts. "
    "Use the time to review the film."
)
# A submit this long after the deadline still counts: it covers the request in flight.
DEADLINE_GRACE = timedelta(seconds=15)


class AttemptError(Exception):
    """A request the learner can correct; ``status`` is the HTTP status for it."""

    status = 400

    def __init__(self, message, *, errors: Mapping[int, str] | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.errors = dict(errors or {})


class AttemptClosed(AttemptError):
    status = 409


class AttemptNotFound(AttemptError):
    status = 404


class InvalidResponse(AttemptError):
    status = 400

    def __init__(self, message, *, errors=None, code: str = "invalid"):
        super().__init__(message, errors=errors)
        self.code = code


# An answer refused with one of these is unfinished rather than wrong: kept as a draft.
UNFINISHED = {"required", "incomplete", "short"}


def _draw(quiz: Quiz, rng: random.Random) -> list[Question]:
    """The questions for a new attempt: all of them in order, or a random draw from the pool."""
    order = list(quiz.quiz_questions.order_by("sort_order").values_list("question_id", flat=True))
    if quiz.draw_tag:
        pool = list(Question.objects.filter(tags__name=quiz.draw_tag).order_by("pk"))
    else:
        # Polymorphic: one query per question type present, each row its own subclass.
        by_id = {question.pk: question for question in Question.objects.filter(pk__in=order)}
        pool = [by_id[pk] for pk in order if pk in by_id]
    if quiz.draw_count and quiz.draw_count < len(pool):
        pool = rng.sample(pool, quiz.draw_count)
    return pool


def attempt_start(
    *,
    user,
    quiz: Quiz,
    purpose: str = QuizAttempt.Purpose.KNOWLEDGE,
    context_id=None,
    now=None,
) -> QuizAttempt:
    """The learner's open attempt at this quiz, or a new one with a snapshot of its questions.

    The attempt limit and the wait after a failed attempt count the attempts of the current
    round only (``attempts_end_round`` closes a round when the learner renews).
    """
    now = now or timezone.now()
    existing = QuizAttempt.objects.filter(
        user=user, quiz=quiz, purpose=purpose, status=QuizAttempt.Status.IN_PROGRESS
    ).first()
    if existing:
        return existing
    this_round = QuizAttempt.objects.filter(
        user=user, quiz=quiz, purpose=purpose, earlier_round=False
    )
    used = this_round.count()
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        raise AttemptClosed(ERROR_NO_ATTEMPTS_LEFT % {"n": quiz.attempts_allowed})
    ready_at = quiz.next_attempt_at(this_round.order_by("-pk").first())
    if ready_at is not None and ready_at > now:
        raise AttemptClosed(
            ERROR_WAIT % {"time": moment_label(ready_at, now=now), "n": quiz.attempt_wait_minutes}
        )
    rng = random.SystemRandom()
    questions = _draw(quiz, rng)
    if not questions:
        raise AttemptError(ERROR_EMPTY_QUIZ)
    snapshot = [
        question.to_snapshot(
            display_order=question.shuffled_order(rng)
            if quiz.shuffle_options or question.always_shuffle
            else None
        )
        for question in questions
    ]
    deadline = now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(
                user=user,
                quiz=quiz,
                purpose=purpose,
                context_id=context_id,
                snapshot=snapshot,
                number=used + 1,
                pass_mark=quiz.pass_mark if quiz.is_scored else 0,
                started_at=now,
                deadline=deadline,
            )
    except IntegrityError:
        # Another tab started one at the same moment: use it.
        return QuizAttempt.objects.get(
            user=user, quiz=quiz, purpose=purpose, status=QuizAttempt.Status.IN_PROGRESS
        )


def attempts_end_round(*, user, context_ids, now=None) -> int:
    """The learner starts a new round of a course (a renewal): the attempts taken in it belong to
    the last round. Any still open is graded on what was saved, so nothing given is lost; none
    counts toward the new round's limit or shows its answers again. Returns how many moved."""
    now = now or timezone.now()
    context_ids = list(context_ids)
    with transaction.atomic():
        still_open = QuizAttempt.objects.select_for_update().filter(
            user=user, context_id__in=context_ids, status=QuizAttempt.Status.IN_PROGRESS
        )
        for attempt in still_open:
            saved = {response.question_id: response for response in attempt.responses.all()}
            questions = attempt.questions()
            _score(questions, saved)
            Response.objects.bulk_update(saved.values(), ["points"])
            _grade(attempt, questions, saved, now=now)
        return QuizAttempt.objects.filter(
            user=user, context_id__in=context_ids, earlier_round=False
        ).update(earlier_round=True)


def _question_in(attempt: QuizAttempt, question_id) -> Question:
    try:
        question_id = int(question_id)
    except (TypeError, ValueError, OverflowError):
        raise InvalidResponse(ERROR_QUESTION_NOT_IN_ATTEMPT) from None
    for item in attempt.snapshot:
        if item["id"] == question_id:
            return Question.from_snapshot(item)
    raise InvalidResponse(ERROR_QUESTION_NOT_IN_ATTEMPT)


def _time_up(attempt: QuizAttempt, now, *, grace: timedelta = timedelta(0)) -> bool:
    return attempt.deadline is not None and now > attempt.deadline + grace


def _answerable(attempt: QuizAttempt, question_id, now) -> Question:
    """The attempt's question, if the attempt still takes answers."""
    if not attempt.is_open:
        raise AttemptClosed(ERROR_ATTEMPT_CLOSED)
    if _time_up(attempt, now, grace=DEADLINE_GRACE):
        raise AttemptClosed(ERROR_TIME_UP)
    return _question_in(attempt, question_id)


def _locked_open(attempt: QuizAttempt) -> QuizAttempt:
    """The attempt's row, locked, if it is still open (another tab may have submitted it)."""
    locked = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if not locked.is_open:
        raise AttemptClosed(ERROR_ATTEMPT_CLOSED)
    return locked


def response_save(*, attempt: QuizAttempt, question_id, raw, now=None) -> Response:
    """Validate and keep one answer in an open attempt (the latest answer wins)."""
    question = _answerable(attempt, question_id, now or timezone.now())
    try:
        answer = question.clean_answer(raw)
    except ValidationError as error:
        code = error.error_list[0].code or "invalid"
        raise InvalidResponse(
            error.messages[0], errors={question.pk: error.messages[0]}, code=code
        ) from None
    with transaction.atomic():
        locked = _locked_open(attempt)
        response, _created = Response.objects.update_or_create(
            attempt=locked, question_id=question.pk, defaults={"answer": answer}
        )
        ResponseDraft.objects.filter(attempt=locked, question_id=question.pk).delete()
    return response


def response_draft_save(*, attempt: QuizAttempt, question_id, raw, now=None) -> ResponseDraft:
    """Keep an unfinished answer (some parts still to give) so the page can refill it. It is
    never marked: the last complete answer, if any, stays the one that counts."""
    question = _answerable(attempt, question_id, now or timezone.now())
    value = question.draft_answer(raw)
    if value is None:
        raise InvalidResponse(ERROR_NOT_AN_ANSWER)
    with transaction.atomic():
        locked = _locked_open(attempt)
        draft, _created = ResponseDraft.objects.update_or_create(
            attempt=locked, question_id=question.pk, defaults={"value": value}
        )
    return draft


def _question_key(raw_id) -> int | None:
    text = str(raw_id)
    return int(text) if text.isdigit() and len(text) < 10 else None


def attempt_submit(
    *,
    attempt: QuizAttempt | int | None,
    answers: Mapping[int, object] | None = None,
    now=None,
    user=None,
    context_id=None,
) -> QuizAttempt:
    """Save any final answers, then grade the attempt once.

    ``attempt`` is the attempt or its id. With ``user`` (and ``context_id``) it is taken only if
    it is theirs (and made in that context); otherwise ``AttemptNotFound``, so an answer to
    somebody else's attempt changes nothing. Submitting an attempt that is already graded
    returns it unchanged, so a double click or a second tab gives the same single result. After
    a time limit runs out, answers sent with the submit are ignored and the attempt is graded on
    what was saved in time.
    """
    now = now or timezone.now()
    answers = dict(answers or {})
    errors: dict[int, str] = {}
    missing: dict[int, str] = {}
    # No savepoint when a caller's transaction is open: nothing catches an error half-way.
    with transaction.atomic(savepoint=False):
        locked = _locked_attempt(attempt, user=user, context_id=context_id)
        if not locked.is_open:
            return locked
        questions = locked.questions()
        by_id = {q.pk: q for q in questions}
        time_up = _time_up(locked, now, grace=DEADLINE_GRACE)
        cleaned: dict[int, object] = {}
        for raw_id, raw in answers.items():
            question = by_id.get(_question_key(raw_id))
            if question is None:
                raise InvalidResponse(ERROR_QUESTION_NOT_IN_ATTEMPT)
            if time_up:
                continue
            try:
                cleaned[question.pk] = question.clean_answer(raw)
            except ValidationError as error:
                errors[question.pk] = error.messages[0]
        saved = {r.question_id: r for r in locked.responses.all()}
        given = []
        for question_id, answer in cleaned.items():
            response = saved.get(question_id) or Response(attempt=locked, question_id=question_id)
            response.answer, response.saved_at = answer, now
            saved[question_id] = response
            given.append(response)
        if not time_up:
            missing = {
                q.pk: str(ERROR_INCOMPLETE)
                for q in questions
                if q.pk not in saved and q.pk not in errors
            }
        grading = time_up or (not errors and not missing)
        if grading:
            _score(questions, saved)
        # Keep every valid answer even when the submit is refused, so nothing given is lost: one
        # upsert for them all, with their points when graded (the attempt row is locked, so
        # nobody else writes to it). Answers saved earlier and not sent again get their points
        # by themselves, keeping the time they were saved.
        if given:
            Response.objects.bulk_create(
                given,
                update_conflicts=True,
                unique_fields=["attempt", "question_id"],
                update_fields=["answer", "saved_at", "points"],
            )
        if grading:
            earlier = [r for key, r in saved.items() if key not in cleaned]
            if earlier:
                Response.objects.bulk_update(earlier, ["points"])
            _grade(locked, questions, saved, now=now)
    if errors:
        raise InvalidResponse(next(iter(errors.values())), errors={**errors, **missing})
    if missing:
        raise InvalidResponse(ERROR_INCOMPLETE, errors=missing)
    return locked


def _locked_attempt(attempt, *, user=None, context_id=None) -> QuizAttempt:
    """The attempt's row, locked, with its quiz; only the owner's when ``user`` is given."""
    pk = attempt.pk if isinstance(attempt, QuizAttempt) else attempt
    query = QuizAttempt.objects.select_for_update(of=("self",)).select_related("quiz")
    query = query.filter(pk=pk)
    if user is not None:
        query = query.filter(user=user)
    if context_id is not None:
        query = query.filter(context_id=context_id)
    try:
        return query.get()
    except QuizAttempt.DoesNotExist:
        raise AttemptNotFound(ERROR_ATTEMPT_NOT_FOUND) from None


def _score(questions, saved) -> None:
    """Each saved response's points, by its own question type, within the question's maximum."""
    for question in questions:
        response = saved.get(question.pk)
        if response is not None:
            response.points = min(
                max(question.score(response.answer), Decimal(0)), question.max_points()
            )


def _grade(locked: QuizAttempt, questions, saved, *, now) -> None:
    """Close the attempt with its total (the responses are scored and written by the caller)."""
    # Unfinished drafts have done their job (refilling the page): only answers are kept.
    ResponseDraft.objects.filter(attempt=locked).delete()
    maximum = sum((question.max_points() for question in questions), Decimal(0))
    total = sum((r.points for r in saved.values() if r.points is not None), Decimal(0))
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
