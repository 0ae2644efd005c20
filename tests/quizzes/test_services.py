from decimal import Decimal

import pytest
from django.db import IntegrityError

from quizzes import services
from quizzes.models import Quiz, QuizAttempt, Response
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return builders.make_quiz(
        [builders.single_choice(), builders.true_false(correct=False)], pass_mark=100
    )


def right(question):
    return next(child.id for child in question.options if child.value["correct"])


def test_start_snapshots_questions_and_reuses_the_open_attempt(learner, quiz):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    again = services.attempt_start(user=learner, quiz=quiz)
    assert attempt.pk == again.pk
    assert [item["model"] for item in attempt.snapshot] == [
        "quizzes.singlechoicequestion",
        "quizzes.truefalsequestion",
    ]


def test_database_refuses_a_second_open_attempt(learner, quiz):
    services.attempt_start(user=learner, quiz=quiz)
    with pytest.raises(IntegrityError):
        QuizAttempt.objects.create(user=learner, quiz=quiz, snapshot=[])


def test_start_refuses_an_empty_quiz(learner):
    empty = Quiz.objects.create(title="Empty")
    with pytest.raises(services.AttemptError, match="no questions"):
        services.attempt_start(user=learner, quiz=empty)


def test_answers_are_kept_as_they_are_given_and_the_latest_wins(learner, quiz):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    question_id = attempt.snapshot[1]["id"]
    services.response_save(attempt=attempt, question_id=question_id, raw=["true"])
    services.response_save(attempt=attempt, question_id=question_id, raw=["false"])
    assert Response.objects.get(attempt=attempt, question_id=question_id).answer is False


def test_a_forged_question_id_is_refused(learner, quiz):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    stranger = builders.true_false()
    for forged in (stranger.pk, "abc", None, -1):
        with pytest.raises(services.InvalidResponse):
            services.response_save(attempt=attempt, question_id=forged, raw=["true"])
    assert not Response.objects.exists()


def test_submit_grades_once_and_a_second_submit_returns_the_same_result(learner, quiz):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    sc, tf = (q for q in attempt.questions())
    graded = services.attempt_submit(
        attempt=attempt, answers={sc.pk: [right(sc)], tf.pk: ["false"]}
    )
    assert graded.status == QuizAttempt.Status.GRADED
    assert (graded.points, graded.max_points, graded.passed, graded.percent) == (
        Decimal(2),
        Decimal(2),
        True,
        100,
    )
    again = services.attempt_submit(attempt=attempt, answers={sc.pk: ["nonsense"], tf.pk: ["true"]})
    assert (again.pk, again.points, again.graded_at) == (graded.pk, graded.points, graded.graded_at)
    assert QuizAttempt.objects.filter(user=learner).count() == 1


def test_below_the_pass_mark_fails(learner, quiz):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    sc, tf = attempt.questions()
    graded = services.attempt_submit(attempt=attempt, answers={sc.pk: [right(sc)], tf.pk: ["true"]})
    assert graded.passed is False
    assert graded.percent == 50


def test_submit_with_unanswered_questions_keeps_the_attempt_open(learner, quiz):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    sc, tf = attempt.questions()
    with pytest.raises(services.InvalidResponse) as error:
        services.attempt_submit(attempt=attempt, answers={sc.pk: [right(sc)]})
    assert tf.pk in error.value.errors
    attempt.refresh_from_db()
    assert attempt.is_open
    # The answer that was given is not lost.
    assert Response.objects.filter(attempt=attempt, question_id=sc.pk).exists()


def test_answers_after_grading_get_a_conflict(learner, quiz):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    sc, tf = attempt.questions()
    services.attempt_submit(attempt=attempt, answers={sc.pk: [right(sc)], tf.pk: ["false"]})
    with pytest.raises(services.AttemptClosed) as error:
        services.response_save(attempt=attempt, question_id=tf.pk, raw=["true"])
    assert error.value.status == 409


def test_editing_a_question_later_never_changes_the_attempt(learner, quiz):
    attempt = services.attempt_start(user=learner, quiz=quiz)
    sc, tf = attempt.questions()
    live = tf.__class__.objects.get(pk=tf.pk)
    live.correct_answer = True
    live.save()
    graded = services.attempt_submit(
        attempt=attempt, answers={sc.pk: [right(sc)], tf.pk: ["false"]}
    )
    assert graded.points == Decimal(2)


def test_attitude_quiz_never_passes_or_fails(learner):
    quiz = builders.make_quiz(
        [builders.likert(), builders.likert(reverse=True)], kind=Quiz.Kind.ATTITUDE
    )
    attempt = services.attempt_start(
        user=learner, quiz=quiz, purpose=QuizAttempt.Purpose.ATTITUDE_PRE
    )
    a, b = attempt.questions()
    graded = services.attempt_submit(attempt=attempt, answers={a.pk: ["5"], b.pk: ["1"]})
    assert graded.passed is None
    assert graded.points == 0
    # The same quiz can be open again for the post-module round.
    post = services.attempt_start(
        user=learner, quiz=quiz, purpose=QuizAttempt.Purpose.ATTITUDE_POST
    )
    assert post.pk != attempt.pk
