from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from quizzes.models import LikertQuestion, Question, SingleChoiceQuestion, TrueFalseQuestion
from tests import builders

pytestmark = pytest.mark.django_db


def option_ids(question):
    return {child.value["text"]: child.id for child in question.options}


class TestSingleChoice:
    def test_scores_the_correct_option_full_points(self):
        question = builders.single_choice(points=2)
        ids = option_ids(question)
        assert question.score(question.clean_response([ids["The patient"]])) == Decimal(2)
        assert question.score(question.clean_response([ids["The advocate"]])) == Decimal(0)
        assert question.max_points() == Decimal(2)

    @pytest.mark.parametrize(
        "raw", [None, [], [""], ["not-an-option"], ["a", "b"], [123], "x" * 200, {"a": 1}]
    )
    def test_rejects_malformed_answers_with_a_message(self, raw):
        question = builders.single_choice()
        with pytest.raises(ValidationError) as error:
            question.clean_response(raw)
        assert error.value.messages[0]

    def test_needs_exactly_one_correct_option(self):
        question = SingleChoiceQuestion(
            text="Q",
            options=[
                {"type": "option", "value": {"text": "A", "correct": True, "feedback": ""}},
                {"type": "option", "value": {"text": "B", "correct": True, "feedback": ""}},
            ],
        )
        with pytest.raises(ValidationError, match="exactly one"):
            question.full_clean()

    def test_widget_options_never_say_which_is_correct(self):
        question = builders.single_choice()
        for option in question.widget_options():
            assert set(option) == {"id", "text"}

    def test_feedback_names_the_right_answer_and_option_feedback(self):
        question = builders.single_choice(marker="M")
        ids = option_ids(question)
        feedback = question.feedback(ids["The advocate"])
        assert feedback.correct is False
        assert feedback.correct_answer_label == "The patient"
        assert feedback.option_feedback[ids["The advocate"]] == "No. M"


class TestTrueFalse:
    def test_scores(self):
        question = builders.true_false(correct=False)
        assert question.score(question.clean_response(["false"])) == Decimal(1)
        assert question.score(question.clean_response(["true"])) == Decimal(0)

    @pytest.mark.parametrize("raw", [["yes"], ["1"], [], None, ["true", "false"]])
    def test_rejects_anything_but_true_or_false(self, raw):
        with pytest.raises(ValidationError):
            builders.true_false().clean_response(raw)


class TestLikert:
    def test_is_never_scored(self):
        question = builders.likert()
        assert question.max_points() == 0
        assert question.score(question.clean_response(["5"])) == 0

    def test_reverse_scored_items_flip(self):
        forward, reverse = builders.likert(), builders.likert(reverse=True)
        assert forward.attitude_value(5) == 5
        assert reverse.attitude_value(5) == 1
        assert reverse.attitude_value(2) == 4

    @pytest.mark.parametrize("raw", [["0"], ["6"], ["3.5"], ["strongly"], []])
    def test_rejects_values_off_the_scale(self, raw):
        with pytest.raises(ValidationError):
            builders.likert().clean_response(raw)


def test_snapshot_rebuilds_the_same_type_as_it_was():
    question = builders.single_choice()
    snapshot = question.to_snapshot()
    question.options = [
        {"type": "option", "value": {"text": "Changed", "correct": True, "feedback": ""}},
        {"type": "option", "value": {"text": "Other", "correct": False, "feedback": ""}},
    ]
    question.save()
    copy = Question.from_snapshot(snapshot)
    assert isinstance(copy, SingleChoiceQuestion)
    assert [o["text"] for o in copy.widget_options()] == [
        "The patient",
        "The advocate",
        "The consultant",
    ]


def test_polymorphic_queries_return_each_subclass():
    builders.single_choice()
    builders.true_false()
    builders.likert()
    kinds = {type(q) for q in Question.objects.all()}
    assert kinds == {SingleChoiceQuestion, TrueFalseQuestion, LikertQuestion}


def test_clip_must_end_after_it_starts():
    question = builders.true_false()
    question.clip_start, question.clip_end = 30, 10
    with pytest.raises(ValidationError):
        question.full_clean()
