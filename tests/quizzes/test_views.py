import json

import pytest
from django.urls import reverse

from quizzes.models import QuizAttempt, QuizQuestion, Response
from tests import builders

pytestmark = pytest.mark.django_db

MARKER = "ZZ-SECRET-MARKER-ZZ"


@pytest.fixture
def marked_course():
    return builders.make_course(modules=1, marker=MARKER)


def start(client, course):
    module, quiz = course["modules"][0], course["quizzes"][0]
    client.post(
        reverse("courses:quiz_start", args=[module.pk]), {"quiz": quiz.pk, "purpose": "knowledge"}
    )
    return QuizAttempt.objects.latest("pk")


def save(client, attempt, question, answer):
    return client.post(
        reverse("quizzes:answer_save", args=[attempt.pk]),
        data=json.dumps({"question": question, "answer": answer}),
        content_type="application/json",
    )


def test_no_correct_answer_or_feedback_reaches_the_page_while_open(learner_client, marked_course):
    module = marked_course["modules"][0]
    attempt = start(learner_client, marked_course)
    for question in attempt.questions():
        response = save(learner_client, attempt, question.pk, ["true"])
        assert MARKER not in response.content.decode()
    html = learner_client.get(module.url).content.decode()
    assert MARKER not in html
    assert "correct" not in html.lower().replace("incorrect", "")
    assert (
        learner_client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).status_code == 409
    )


def test_feedback_is_shown_after_submitting(learner_client, marked_course):
    module = marked_course["modules"][0]
    attempt = start(learner_client, marked_course)
    answers = builders.correct_answers(marked_course["quizzes"][0])
    response = learner_client.post(
        reverse("courses:quiz_submit", args=[module.pk]), {"attempt": attempt.pk, **answers}
    )
    assert response.status_code == 302
    html = learner_client.get(response["Location"]).content.decode()
    assert "You passed" in html
    assert MARKER in html


def test_answering_someone_elses_attempt_is_404_and_changes_nothing(
    client, learner, other_learner, course
):
    client.force_login(learner)
    attempt = start(client, course)
    client.force_login(other_learner)
    response = save(client, attempt, attempt.snapshot[0]["id"], ["true"])
    assert response.status_code == 404
    assert not Response.objects.exists()
    module = course["modules"][0]
    answers = builders.correct_answers(course["quizzes"][0])
    response = client.post(
        reverse("courses:quiz_submit", args=[module.pk]), {"attempt": attempt.pk, **answers}
    )
    assert response.status_code == 404
    assert "could not find that quiz attempt" in response.content.decode()
    assert not Response.objects.exists()
    assert client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open


@pytest.mark.parametrize("question", [999999, "abc", None, -5])
def test_a_forged_question_id_is_400(learner_client, course, question):
    attempt = start(learner_client, course)
    response = save(learner_client, attempt, question, ["true"])
    assert response.status_code == 400
    assert "not part of this attempt" in response.json()["error"]


@pytest.mark.parametrize("body", [b"{", b"[]", b"null", b'"x"', b"1" * 30000])
def test_malformed_json_is_4xx(learner_client, course, body):
    attempt = start(learner_client, course)
    response = learner_client.post(
        reverse("quizzes:answer_save", args=[attempt.pk]),
        data=body,
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500
    assert response.json()["error"]


def test_an_answer_that_is_not_an_option_is_400(learner_client, course):
    attempt = start(learner_client, course)
    response = save(learner_client, attempt, attempt.snapshot[0]["id"], ["made-up-option"])
    assert response.status_code == 400
    assert "not one of the options" in response.json()["error"]


def test_saved_answers_come_back_after_closing_the_tab(learner_client, course):
    module = course["modules"][0]
    attempt = start(learner_client, course)
    tf_id = attempt.snapshot[1]["id"]
    assert save(learner_client, attempt, tf_id, ["false"]).status_code == 200
    learner_client.cookies.clear()  # the tab and session are gone
    learner_client.force_login(attempt.user)
    html = learner_client.get(module.url).content.decode()
    assert f'name="q{tf_id}" type="radio" value="false" checked' in html


def test_double_submit_gives_one_result_and_late_answers_get_409(learner_client, course):
    module = course["modules"][0]
    attempt = start(learner_client, course)
    answers = builders.correct_answers(course["quizzes"][0])
    url = reverse("courses:quiz_submit", args=[module.pk])
    first = learner_client.post(url, {"attempt": attempt.pk, **answers})
    second = learner_client.post(url, {"attempt": attempt.pk, **answers})
    assert first["Location"] == second["Location"]
    assert QuizAttempt.objects.filter(status="graded").count() == 1
    late = save(learner_client, attempt, attempt.snapshot[0]["id"], ["true"])
    assert late.status_code == 409
    assert "already been submitted" in late.json()["error"]


def test_submitting_with_missing_answers_shows_errors_and_keeps_answers(learner_client, course):
    module = course["modules"][0]
    attempt = start(learner_client, course)
    tf_id = attempt.snapshot[1]["id"]
    response = learner_client.post(
        reverse("courses:quiz_submit", args=[module.pk]),
        {"attempt": attempt.pk, f"q{tf_id}": "false"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Answer every question" in html
    assert Response.objects.filter(attempt=attempt, question_id=tf_id).exists()


def test_a_wrong_answer_offers_to_rewatch_the_clip(learner_client, learner):
    course = builders.make_course(modules=1)
    quiz = course["quizzes"][0]
    for link in quiz.quiz_questions.all():
        question = link.question
        question.clip_start, question.clip_end = 130, 185
        question.save()
    module = course["modules"][0]
    attempt = start(learner_client, course)
    wrong = {}
    for question in attempt.questions():
        if hasattr(question, "options"):
            wrong[f"q{question.pk}"] = next(
                c.id for c in question.options if not c.value["correct"]
            )
        else:
            wrong[f"q{question.pk}"] = "true"
    response = learner_client.post(
        reverse("courses:quiz_submit", args=[module.pk]), {"attempt": attempt.pk, **wrong}
    )
    html = learner_client.get(response["Location"]).content.decode()
    assert "Not passed yet" in html
    assert "Rewatch 02:10–03:05 of the film" in html
    assert f"{module.url}?t=130#film" in html


def test_no_leak_for_any_question_type_while_the_attempt_is_open(learner_client):
    """A marker in every correct-answer and feedback field of every type: 0 times on the page or in
    any autosave reply until the assessed attempt is submitted."""
    course = builders.make_course(modules=1, marker=MARKER)
    module, quiz = course["modules"][0], course["quizzes"][0]
    for order, question in enumerate(builders.every_type(marker=MARKER), start=10):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
    attempt = start(learner_client, course)
    bodies = [learner_client.get(module.url).content.decode()]
    for question in attempt.questions():
        bodies.append(
            save(
                learner_client, attempt, question.pk, builders.right_raw(question)
            ).content.decode()
        )
    bodies.append(learner_client.get(module.url).content.decode())
    assert len(attempt.snapshot) == 10
    assert sum(body.count(MARKER) for body in bodies) == 0
    submitted = learner_client.post(
        reverse("courses:quiz_submit", args=[module.pk]),
        {
            "attempt": attempt.pk,
            **builders.form_fields({q.pk: builders.right_raw(q) for q in attempt.questions()}),
        },
    )
    assert MARKER in learner_client.get(submitted["Location"]).content.decode()


def test_answers_saved_as_the_learner_went_are_graded_when_the_submit_does_not_resend_them(
    learner_client, course
):
    """The page saves each answer as it is given; a submit carrying only some of them grades the
    rest from what was saved, keeping the time each was saved."""
    module = course["modules"][0]
    attempt = start(learner_client, course)
    answers = builders.correct_answers(course["quizzes"][0])
    first, *rest = attempt.questions()
    assert rest
    first_fields = {k: v for k, v in answers.items() if k.split("-")[0] == f"q{first.pk}"}
    refused = learner_client.post(
        reverse("courses:quiz_submit", args=[module.pk]), {"attempt": attempt.pk, **first_fields}
    )
    assert refused.status_code == 400  # the others are missing, but the first answer is kept
    kept = Response.objects.get(attempt=attempt, question_id=first.pk)
    assert kept.points is None
    others = {k: v for k, v in answers.items() if k not in first_fields}
    response = learner_client.post(
        reverse("courses:quiz_submit", args=[module.pk]), {"attempt": attempt.pk, **others}
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.GRADED and attempt.passed
    graded = Response.objects.get(pk=kept.pk)
    assert graded.points == first.max_points()
    assert graded.saved_at == kept.saved_at
    assert attempt.points == attempt.max_points == sum(q.max_points() for q in attempt.questions())
