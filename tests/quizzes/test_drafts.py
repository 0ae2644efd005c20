"""A question still being answered is kept as a draft, calmly: no 400, no 'not saved', nothing
marked, and the page refills it when the learner comes back."""

import json

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.models import Quiz, Response, ResponseDraft
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = builders.make_course(modules=1, with_film=False)
    quiz = builders.make_quiz(
        [
            builders.ordering(),
            builders.fill_in_blanks(),
            builders.matching(),
            builders.free_text(),
            builders.multiple_response(),
        ],
        kind=Quiz.Kind.KNOWLEDGE,
    )
    module = course["modules"][0]
    module.body = [*module.body.raw_data[:-1], builders.quiz_block(quiz)]
    module.save_revision().publish()
    return {"module": module, "quiz": quiz}


@pytest.fixture
def attempt(learner_client, course):
    learner_client.post(
        reverse("courses:quiz_start", args=[course["module"].pk]),
        {"quiz": course["quiz"].pk, "purpose": "knowledge"},
    )
    return course["quiz"].attempts.latest("pk")


def _question(attempt, kind):
    return next(q for q in attempt.questions() if type(q).__name__ == kind)


def save(client, attempt, question, answer):
    return client.post(
        reverse("quizzes:answer_save", args=[attempt.pk]),
        data=json.dumps({"question": question.pk, "answer": answer}),
        content_type="application/json",
    )


def test_one_position_of_an_ordering_is_a_draft_not_an_error(learner_client, attempt, course):
    question = _question(attempt, "OrderingQuestion")
    first = question.option_ids()[0]
    response = save(learner_client, attempt, question, {first: "2"})
    assert response.status_code == 200
    body = response.json()
    assert body["draft"] is True and body["saved"] is False
    assert "different position" in body["needs"]
    assert not Response.objects.filter(attempt=attempt, question_id=question.pk).exists()
    assert ResponseDraft.objects.get(attempt=attempt, question_id=question.pk).value == {first: "2"}
    # two items at the same position on the way to a whole answer: still a draft
    second = question.option_ids()[1]
    assert save(learner_client, attempt, question, {first: "2", second: "2"}).json()["draft"]
    # the page refills the positions given so far
    html = learner_client.get(course["module"].url).content.decode()
    assert f'name="q{question.pk}-{first}"' in html
    select = html.split(f'name="q{question.pk}-{first}"')[1].split("</select>")[0]
    assert '<option value="2" selected>' in select


def test_a_whole_answer_replaces_the_draft(learner_client, attempt):
    question = _question(attempt, "OrderingQuestion")
    ids = question.option_ids()
    save(learner_client, attempt, question, {ids[0]: "1"})
    whole = {key: str(n) for n, key in enumerate(ids, start=1)}
    response = save(learner_client, attempt, question, whole)
    assert response.status_code == 200 and response.json()["saved"] is True
    assert not ResponseDraft.objects.filter(attempt=attempt).exists()
    assert Response.objects.get(attempt=attempt, question_id=question.pk).answer == ids


@pytest.mark.parametrize(
    "kind,answer",
    [
        ("MatchingQuestion", "first-only"),
        ("FillInBlanksQuestion", {}),
        ("FreeTextQuestion", "Too short"),
        ("MultipleResponseQuestion", []),
    ],
)
def test_every_unfinished_kind_is_kept_calmly(learner_client, attempt, kind, answer):
    question = _question(attempt, kind)
    if answer == "first-only":
        prompt = question.pairs[0].id
        answer = {prompt: question.option_ids()[0]}
    response = save(learner_client, attempt, question, answer)
    assert response.status_code == 200, response.content
    assert response.json()["draft"] is True
    assert ResponseDraft.objects.filter(attempt=attempt, question_id=question.pk).exists()


def test_what_is_not_an_answer_is_still_refused(learner_client, attempt):
    question = _question(attempt, "OrderingQuestion")
    assert save(learner_client, attempt, question, {"not-an-item": "1"}).status_code == 400
    assert (
        save(learner_client, attempt, question, {question.option_ids()[0]: "99"}).status_code == 200
    )
    single = builders.single_choice()
    assert save(learner_client, attempt, single, ["a"]).status_code == 400  # not in the attempt
    assert not ResponseDraft.objects.filter(question_id=single.pk).exists()


def test_a_draft_is_never_marked(learner_client, attempt, course):
    question = _question(attempt, "FreeTextQuestion")
    save(learner_client, attempt, question, "Too short")
    with pytest.raises(services.InvalidResponse):
        services.attempt_submit(attempt=attempt, answers={})
    attempt.refresh_from_db()
    assert attempt.is_open  # unanswered questions are still asked for, the draft is not an answer


def test_someone_elses_attempt_gets_404_and_no_draft(client, other_learner, attempt):
    client.force_login(other_learner)
    question = _question(attempt, "OrderingQuestion")
    assert save(client, attempt, question, {question.option_ids()[0]: "1"}).status_code == 404
    assert not ResponseDraft.objects.exists()


def test_grading_clears_the_drafts(learner_client, attempt, course):
    question = _question(attempt, "FreeTextQuestion")
    save(learner_client, attempt, question, "Too short")
    answers = {q.pk: builders.right_raw(q) for q in attempt.questions()}
    services.attempt_submit(attempt=attempt, answers=answers)
    attempt.refresh_from_db()
    assert not attempt.is_open
    assert not ResponseDraft.objects.filter(attempt=attempt).exists()
