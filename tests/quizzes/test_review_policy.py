"""An assessed knowledge check gives nothing away: the review rule decides when an attempt's
right answers and explanations appear, the attempt limit and the wait hold, and two attempts
differ. A marker sits in every correct-answer and feedback field of every question type."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import services as course_services
from quizzes import services
from quizzes.models import Quiz, QuizAttempt, QuizQuestion, SingleChoiceQuestion
from tests import builders

pytestmark = pytest.mark.django_db

MARKER = "PP-REVIEW-MARKER-PP"


@pytest.fixture
def marked():
    course = builders.make_course(modules=1, marker=MARKER)
    module, quiz = course["modules"][0], course["quizzes"][0]
    for order, question in enumerate(builders.every_type(marker=MARKER), start=10):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
    quiz.pass_mark = 100
    quiz.save()
    return module, quiz


def set_rules(quiz, **fields):
    for name, value in fields.items():
        setattr(quiz, name, value)
    quiz.full_clean()
    quiz.save()


def take(client, module, quiz, *, passing: bool):
    """Start and submit an attempt through the pages; returns the result page's HTML."""
    start = client.post(
        reverse("courses:quiz_start", args=[module.pk]), {"quiz": quiz.pk, "purpose": "knowledge"}
    )
    assert start.status_code == 302, start.content.decode()
    attempt = QuizAttempt.objects.filter(quiz=quiz, status="in_progress").get()
    raw = {}
    for question in attempt.questions():
        raw[question.pk] = builders.right_raw(question)
        if not passing and isinstance(question, SingleChoiceQuestion):
            raw[question.pk] = [next(c.id for c in question.options if not c.value["correct"])]
    submitted = client.post(
        reverse("courses:quiz_submit", args=[module.pk]),
        {"attempt": attempt.pk, **builders.form_fields(raw)},
    )
    assert submitted.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed is passing
    result = client.get(submitted["Location"])
    assert result.status_code == 200
    return result.content.decode()


@pytest.mark.parametrize(
    ("review", "attempts", "shown_after"),
    [
        # (rule, attempts allowed, for each of: fail, fail on the last attempt, pass)
        (Quiz.Review.NEVER, 2, (False, False, False)),
        (Quiz.Review.AFTER_PASS, 2, (False, False, True)),
        (Quiz.Review.AFTER_LAST, 2, (False, True, True)),
        (Quiz.Review.ALWAYS, 3, (True, True, True)),
    ],
)
def test_the_result_page_shows_answers_only_as_the_rule_allows(
    learner_client, learner, marked, review, attempts, shown_after
):
    module, quiz = marked
    set_rules(quiz, review=review, attempts_allowed=attempts)
    first_fail = take(learner_client, module, quiz, passing=False)
    assert (MARKER in first_fail) is shown_after[0]
    if attempts == 2:
        last_fail = take(learner_client, module, quiz, passing=False)
        assert (MARKER in last_fail) is shown_after[1]
        assert "last attempt of 2" in last_fail
        QuizAttempt.objects.filter(user=learner).delete()
    else:
        assert (MARKER in take(learner_client, module, quiz, passing=False)) is shown_after[1]
    passed = take(learner_client, module, quiz, passing=True)
    assert (MARKER in passed) is shown_after[2]
    # The module page's link never shows answers, whatever the rule.
    assert MARKER not in learner_client.get(module.url).content.decode()


def test_a_failed_result_is_a_warning_with_what_to_do_next(learner_client, marked):
    module, quiz = marked
    set_rules(quiz, review=Quiz.Review.AFTER_PASS, attempts_allowed=3, attempt_wait_minutes=10)
    for question_link in quiz.quiz_questions.all():
        question = question_link.question
        question.clip_start, question.clip_end = 130, 185
        question.save()
    html = take(learner_client, module, quiz, passing=False)
    assert "nhsuk-panel" not in html and "nhsuk-warning-callout" in html
    assert "Not passed yet" in html and "attempt 1 of 3" in html
    assert "You can try again after 10 minutes" in html
    assert "Rewatch 02:10–03:05 of the film" in html
    assert "The right answers are shown once you pass." in html
    assert "The right answer:" not in html and "Not quite" not in html


def test_the_wait_between_attempts_holds_then_lifts(learner_client, learner, marked):
    module, quiz = marked
    set_rules(quiz, attempts_allowed=0, attempt_wait_minutes=10)
    take(learner_client, module, quiz, passing=False)
    page = learner_client.get(module.url).content.decode()
    assert "You can try again from" in page
    again = learner_client.post(
        reverse("courses:quiz_start", args=[module.pk]), {"quiz": quiz.pk, "purpose": "knowledge"}
    )
    assert again.status_code == 409
    assert "minutes between attempts" in again.content.decode()
    later = timezone.now() + timedelta(minutes=10, seconds=1)
    attempt = services.attempt_start(user=learner, quiz=quiz, context_id=module.pk, now=later)
    assert attempt.number == 2


def test_the_attempt_limit_holds_and_a_renewal_starts_the_count_again(
    learner_client, learner, marked
):
    module, quiz = marked
    set_rules(quiz, attempts_allowed=1)
    take(learner_client, module, quiz, passing=False)
    refused = learner_client.post(
        reverse("courses:quiz_start", args=[module.pk]), {"quiz": quiz.pk, "purpose": "knowledge"}
    )
    assert refused.status_code == 409
    assert "used all 1 attempts" in refused.content.decode()
    assert "used all your attempts" in learner_client.get(module.url).content.decode()
    # A learner who completed the course and retakes it for renewal has a fresh set.
    QuizAttempt.objects.filter(user=learner).delete()
    course_services.transcript_confirm(user=learner, module=module)
    take(learner_client, module, quiz, passing=True)
    assert course_services.course_retake(user=learner, course=module.course) == 1
    html = take(learner_client, module, quiz, passing=False)
    assert "last attempt of 1" in html


def test_two_attempts_differ_when_drawn_from_a_pool(learner):
    questions = [builders.single_choice(text=f"Question {n}") for n in range(8)]
    quiz = builders.make_quiz(questions)
    set_rules(quiz, draw_count=4, shuffle_options=True, review=Quiz.Review.ALWAYS)
    draws = []
    for _ in range(4):
        attempt = services.attempt_start(user=learner, quiz=quiz)
        draws.append(
            tuple((item["id"], tuple(item.get("display_order") or ())) for item in attempt.snapshot)
        )
        services.attempt_submit(
            attempt=attempt, answers={q.pk: builders.right_raw(q) for q in attempt.questions()}
        )
    assert all(len(draw) == 4 for draw in draws)
    # Four identical draws of 4 from 8, each in the same order with the same option order, would
    # happen about once in 10^13 runs.
    assert len(set(draws)) > 1


def test_rules_that_contradict_each_other_are_refused():
    quiz = Quiz(title="Practice", behaviour=Quiz.Behaviour.PRACTICE, review=Quiz.Review.NEVER)
    with pytest.raises(ValidationError, match="Always"):
        quiz.full_clean()
    quiz = Quiz(title="Last", review=Quiz.Review.AFTER_LAST, attempts_allowed=0)
    with pytest.raises(ValidationError, match="number of attempts"):
        quiz.full_clean()


def test_the_demo_uses_cpd_defaults():
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", "--course-only", stdout=StringIO())
    assessed = Quiz.objects.filter(kind=Quiz.Kind.KNOWLEDGE, behaviour=Quiz.Behaviour.ASSESSED)
    assert assessed.exists()
    for quiz in assessed:
        assert quiz.review == Quiz.Review.AFTER_PASS
        assert quiz.attempts_allowed == 3 and quiz.attempt_wait_minutes == 10
        assert quiz.shuffle_options
        assert quiz.draw_count and quiz.draw_count < quiz.quiz_questions.count()
        quiz.full_clean()
    for quiz in Quiz.objects.filter(behaviour=Quiz.Behaviour.PRACTICE):
        assert quiz.review == Quiz.Review.ALWAYS
        quiz.full_clean()
