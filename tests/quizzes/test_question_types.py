"""Scoring and validation edge cases for every question type, plus generated answers."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.models import FillInBlanksQuestion, Question
from quizzes.selectors import QuestionView
from tests import builders

pytestmark = pytest.mark.django_db

MARKER = "QQ-LEAK-MARKER-QQ"


def ids(question):
    return {child.value["text"]: child.id for child in question.options}


class TestMultipleResponse:
    def test_all_right_ticks_score_full_marks(self):
        q = builders.multiple_response()
        assert q.score(q.clean_response(builders.right_raw(q))) == Decimal(1)

    def test_partial_credit_subtracts_wrong_ticks_but_never_goes_negative(self):
        q = builders.multiple_response(partial=True)
        o = ids(q)
        assert q.score([o["Meet the patient in private"]]) == Decimal("0.50")
        assert q.score([o["Meet the patient in private"], o["Decide treatment"]]) == Decimal(0)
        assert q.score([o["Decide treatment"]]) == Decimal(0)

    def test_without_partial_credit_it_is_all_or_nothing(self):
        q = builders.multiple_response(partial=False)
        o = ids(q)
        assert q.score([o["Meet the patient in private"]]) == Decimal(0)

    @pytest.mark.parametrize("raw", [[], ["nope"], {"a": "b"}, None, 5])
    def test_rejects_bad_answers(self, raw):
        with pytest.raises(ValidationError):
            builders.multiple_response().clean_response(raw)

    def test_duplicate_ticks_are_refused(self):
        q = builders.multiple_response()
        first = q.option_ids()[0]
        with pytest.raises(ValidationError):
            q.clean_response([first, first])


class TestFillInBlanks:
    def test_parses_gaps_and_alternatives(self):
        q = builders.fill_in_blanks()
        assert q.blanks() == [["independent"], ["CTO", "community treatment order"]]
        rendered = "".join(p.get("text", "") for p in q.segments())
        assert "independent" not in rendered and "CTO" not in rendered

    def test_alternatives_case_and_spacing(self):
        q = builders.fill_in_blanks()
        assert (
            q.score(q.clean_response({"0": "Independent", "1": "community  treatment order"})) == 1
        )
        assert q.score(q.clean_response({"0": "independent", "1": "section 3"})) == Decimal("0.50")

    def test_case_sensitive_option(self):
        q = builders.fill_in_blanks(case_sensitive=True)
        assert q.score(q.clean_response({"0": "Independent", "1": "CTO"})) == Decimal("0.50")

    def test_a_passage_without_gaps_is_refused(self):
        q = FillInBlanksQuestion(text="x", passage="No gaps here.")
        with pytest.raises(ValidationError, match="asterisks"):
            q.full_clean()

    @pytest.mark.parametrize(
        "raw", [{}, {"0": "", "1": ""}, {"7": "x"}, {"0": "x" * 400}, ["a"], None]
    )
    def test_rejects_bad_answers(self, raw):
        with pytest.raises(ValidationError):
            builders.fill_in_blanks().clean_response(raw)


class TestOrdering:
    def test_right_order_scores_and_any_other_does_not(self):
        q = builders.ordering()
        ids_ = q.option_ids()
        assert q.score(q.clean_response({ids_[0]: "1", ids_[1]: "2", ids_[2]: "3"})) == 1
        assert q.score(q.clean_response({ids_[0]: "2", ids_[1]: "1", ids_[2]: "3"})) == 0

    def test_partial_credit_counts_items_in_place(self):
        q = builders.ordering(partial=True)
        ids_ = q.option_ids()
        assert q.score(q.clean_response({ids_[0]: "2", ids_[1]: "1", ids_[2]: "3"})) == Decimal(
            "0.33"
        )

    def test_the_widget_never_shows_the_authored_order(self):
        import random

        q = builders.ordering()
        for seed in range(20):
            assert q.shuffled_order(random.Random(seed)) != q.option_ids()

    @pytest.mark.parametrize(
        "positions", [("1", "1", "2"), ("1", "2", ""), ("1", "2", "9"), ("a", "b", "c")]
    )
    def test_rejects_repeated_missing_or_unknown_positions(self, positions):
        q = builders.ordering()
        with pytest.raises(ValidationError):
            q.clean_response(dict(zip(q.option_ids(), positions, strict=True)))


class TestMatching:
    def test_match_ids_do_not_reveal_the_pairs(self):
        q = builders.matching()
        prompt_ids = {p["id"] for p in q.prompts()}
        assert not prompt_ids & set(q.option_ids())

    def test_partial_credit_per_pair(self):
        q = builders.matching()
        raw = builders.right_raw(q)
        assert q.score(q.clean_response(raw)) == 1
        first, second = list(raw)[:2]
        raw[first], raw[second] = raw[second], raw[first]
        assert q.score(q.clean_response(raw)) == Decimal("0.33")

    def test_unanswered_prompts_are_refused(self):
        q = builders.matching()
        raw = builders.right_raw(q)
        raw.popitem()
        with pytest.raises(ValidationError, match="every item"):
            q.clean_response(raw)

    def test_a_forged_match_id_is_refused(self):
        q = builders.matching()
        raw = dict.fromkeys(builders.right_raw(q), "forged")
        with pytest.raises(ValidationError):
            q.clean_response(raw)


class TestFreeText:
    def test_kept_never_scored(self):
        q = builders.free_text()
        answer = q.clean_response(["  A thoughtful reflection on practice.  "])
        assert answer == "A thoughtful reflection on practice."
        assert q.score(answer) == 0 and q.max_points() == 0

    @pytest.mark.parametrize("raw", [["too short"], ["x" * 501], [""], None, {"a": 1}])
    def test_length_limits(self, raw):
        with pytest.raises(ValidationError):
            builders.free_text().clean_response(raw)


def test_every_type_survives_a_snapshot_round_trip_with_the_same_score():
    for question in builders.every_type():
        copy = Question.from_snapshot(
            question.to_snapshot(display_order=question.option_ids()[::-1] or None)
        )
        answer = question.clean_response(builders.right_raw(question))
        assert type(copy) is type(question)
        assert copy.score(copy.clean_response(builders.right_raw(question))) == question.score(
            answer
        )
        assert question.score(answer) == question.max_points()


def test_no_widget_contains_an_answer_or_feedback():
    for number, question in enumerate(builders.every_type(marker=MARKER), start=1):
        html = render_to_string(
            question.template_name, {"qv": QuestionView(number=number, question=question)}
        )
        assert MARKER not in html, question
        assert 'name="q' in html


# -- generated answers: anything at all gets a score in range or a ValidationError ----------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def all_types(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        questions = builders.every_type()
        yield questions
        for question in questions:
            question.delete()


@pytest.mark.parametrize("index", range(8))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=json_values)
def test_generated_answers_never_crash_and_stay_in_range(all_types, index, raw):
    question = all_types[index]
    try:
        answer = question.clean_response(raw)
    except ValidationError as error:
        assert error.messages
        return
    points = question.score(answer)
    assert Decimal(0) <= points <= question.max_points()
    question.feedback(answer)


@pytest.mark.parametrize("index", range(8))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_generated_plausible_answers_stay_in_range(all_types, index, data):
    """Answers built from the question's own ids and positions, in any combination."""
    question = all_types[index]
    ids_ = question.option_ids() or ["true", "false", "1", "5"]
    parts = [p["id"] for p in getattr(question, "prompts", list)()] or ids_ or ["0", "1"]
    raw = data.draw(
        st.one_of(
            st.lists(st.sampled_from(ids_), max_size=4),
            st.dictionaries(
                st.sampled_from(parts + ["0", "1"]),
                st.sampled_from(ids_ + ["1", "2", "3", ""]),
                max_size=4,
            ),
        )
    )
    try:
        answer = question.clean_response(raw)
    except ValidationError:
        return
    assert Decimal(0) <= question.score(answer) <= question.max_points()
