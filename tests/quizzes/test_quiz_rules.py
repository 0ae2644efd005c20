"""Quiz settings: attempts allowed, random draw, shuffling, time limit, practice feedback."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import services
from quizzes.models import Quiz, QuizAttempt, Response
from tests import builders

pytestmark = pytest.mark.django_db

MARKER = "RR-LEAK-MARKER-RR"


def graded(user, quiz, answers=None):
    attempt = services.attempt_start(user=user, quiz=quiz)
    raw = answers or {q.pk: builders.right_raw(q) for q in attempt.questions()}
    return services.attempt_submit(attempt=attempt, answers=raw)


def test_attempts_allowed_is_enforced(learner):
    quiz = builders.make_quiz([builders.true_false()])
    quiz.attempts_allowed = 2
    quiz.save()
    graded(learner, quiz)
    graded(learner, quiz)
    with pytest.raises(services.AttemptClosed, match="all 2 attempts"):
        services.attempt_start(user=learner, quiz=quiz)


def test_random_draw_from_a_tagged_pool(learner):
    pool = [builders.true_false(text=f"Pool {i}") for i in range(6)]
    for question in pool:
        question.tags.add("imha-pool")
    other = builders.true_false(text="Not in the pool")
    quiz = builders.make_quiz([other])
    quiz.draw_count, quiz.draw_tag = 3, "imha-pool"
    quiz.save()
    drawn = {item["id"] for item in services.attempt_start(user=learner, quiz=quiz).snapshot}
    assert len(drawn) == 3
    assert drawn <= {q.pk for q in pool}


def test_random_draw_from_the_quiz_itself(learner):
    quiz = builders.make_quiz([builders.true_false(text=f"Q{i}") for i in range(5)])
    quiz.draw_count = 2
    quiz.save()
    assert len(services.attempt_start(user=learner, quiz=quiz).snapshot) == 2


def test_shuffled_options_keep_scoring_right(learner):
    question = builders.single_choice()
    quiz = builders.make_quiz([question])
    quiz.shuffle_options = True
    quiz.save()
    attempt = services.attempt_start(user=learner, quiz=quiz)
    copy = attempt.questions()[0]
    assert copy.display_order and copy.display_order != question.option_ids()
    assert [o["id"] for o in copy.widget_options()] == copy.display_order
    result = services.attempt_submit(
        attempt=attempt, answers={question.pk: builders.right_raw(question)}
    )
    assert result.passed


class TestTimeLimit:
    @pytest.fixture
    def timed(self, learner):
        quiz = builders.make_quiz(
            [builders.true_false(correct=False), builders.true_false(correct=False)]
        )
        quiz.time_limit_minutes = 10
        quiz.save()
        return services.attempt_start(user=learner, quiz=quiz)

    def test_deadline_is_set_from_the_limit(self, timed):
        assert timed.deadline - timed.started_at == timedelta(minutes=10)

    def test_answers_after_the_deadline_get_a_conflict(self, timed):
        late = timed.deadline + timedelta(minutes=1)
        with pytest.raises(services.AttemptClosed, match="time for this quiz is up"):
            services.response_save(
                attempt=timed, question_id=timed.snapshot[0]["id"], raw=["false"], now=late
            )

    def test_a_late_submit_is_graded_on_what_was_saved_in_time(self, timed):
        first, second = (item["id"] for item in timed.snapshot)
        services.response_save(attempt=timed, question_id=first, raw=["false"])
        late = timed.deadline + timedelta(minutes=1)
        result = services.attempt_submit(
            attempt=timed, answers={first: ["true"], second: ["false"]}, now=late
        )
        assert result.status == QuizAttempt.Status.GRADED
        assert result.points == 1  # only the answer saved in time; the late ones are ignored
        assert Response.objects.get(attempt=timed, question_id=first).answer is False
        assert not Response.objects.filter(attempt=timed, question_id=second).exists()

    def test_within_the_limit_everything_counts(self, timed):
        answers = {item["id"]: ["false"] for item in timed.snapshot}
        result = services.attempt_submit(attempt=timed, answers=answers, now=timezone.now())
        assert result.points == 2


class TestBehaviour:
    @pytest.fixture
    def course(self):
        return builders.make_course(modules=1, marker=MARKER)

    def start(self, client, course):
        module, quiz = course["modules"][0], course["quizzes"][0]
        client.post(
            reverse("courses:quiz_start", args=[module.pk]),
            {"quiz": quiz.pk, "purpose": "knowledge"},
        )
        return QuizAttempt.objects.latest("pk")

    def save(self, client, attempt, question_id, raw):
        return client.post(
            reverse("quizzes:answer_save", args=[attempt.pk]),
            data=json.dumps({"question": question_id, "answer": raw}),
            content_type="application/json",
        )

    def test_assessed_quizzes_say_nothing_until_the_end(self, learner_client, course):
        attempt = self.start(learner_client, course)
        for question in attempt.questions():
            response = self.save(learner_client, attempt, question.pk, builders.right_raw(question))
            assert "feedback" not in response.json()
            assert MARKER not in response.content.decode()

    def test_practice_quizzes_explain_each_answer_at_once(self, learner_client, course):
        quiz = course["quizzes"][0]
        quiz.behaviour = Quiz.Behaviour.PRACTICE
        quiz.save()
        attempt = self.start(learner_client, course)
        question = attempt.questions()[1]  # true/false, correct answer is False
        html_before = learner_client.get(course["modules"][0].url).content.decode()
        assert MARKER not in html_before
        data = self.save(learner_client, attempt, question.pk, ["true"]).json()
        assert data["feedback"]["correct"] is False
        assert data["feedback"]["solution"] == "False"
        assert MARKER in data["feedback"]["message"]
