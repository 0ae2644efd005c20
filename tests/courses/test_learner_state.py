"""A learner's state on a course is read in at most two queries, whatever it holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import selectors, services
from quizzes import services as quiz_services
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(db):
    return builders.make_course(modules=3)


def read(user, made):
    with CaptureQueriesContext(connection) as context:
        enrolment, progress = selectors.learner_state(user=user, course=made["course"])
    assert len(context.captured_queries) == 1
    return enrolment, progress


def test_nothing_yet(learner, made):
    assert read(learner, made) == (None, {})


def test_enrolled_with_no_progress(learner, made):
    made_enrolment = services.enrolment_ensure(user=learner, course=made["course"])
    enrolment, progress = read(learner, made)
    assert progress == {}
    assert enrolment.pk == made_enrolment.pk
    assert enrolment.enrolled_at == made_enrolment.enrolled_at
    assert (enrolment.user_id, enrolment.course_id) == (learner.pk, made["course"].pk)


def test_progress_rows_come_back_whole_beside_the_enrolment(learner, other_learner, made):
    first, second = made["modules"][0], made["modules"][1]
    services.enrolment_ensure(user=learner, course=made["course"])
    services.transcript_confirm(user=learner, module=first)
    services.transcript_confirm(user=other_learner, module=second)  # not this learner's
    enrolment, progress = read(learner, made)
    assert enrolment is not None
    assert set(progress) == {first.pk}
    saved = type(progress[first.pk]).objects.get(user=learner, module=first)
    for field in saved._meta.concrete_fields:
        assert getattr(progress[first.pk], field.attname) == getattr(saved, field.attname), field
    # A row read this way saves like any other.
    progress[first.pk].film_seconds_watched = 12.5
    progress[first.pk].save(update_fields=["film_seconds_watched"])
    saved.refresh_from_db()
    assert saved.film_seconds_watched == 12.5


def test_progress_without_an_enrolment_on_this_course(learner, made):
    services.transcript_confirm(user=learner, module=made["modules"][2])
    enrolment, progress = read(learner, made)
    assert enrolment is None
    assert list(progress) == [made["modules"][2].pk]


def test_the_module_page_reads_the_state_in_two_queries_with_attempts(
    learner_client, learner, made
):
    module, quiz = made["modules"][0], made["quizzes"][0]
    learner_client.get(module.url)  # enrols, and fills what is remembered
    attempt = quiz_services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    quiz_services.attempt_submit(
        attempt=attempt, answers={q.pk: builders.right_raw(q) for q in attempt.questions()}
    )
    with CaptureQueriesContext(connection) as context:
        response = learner_client.get(module.url)
    assert response.status_code == 200
    tables = [
        q["sql"]
        for q in context.captured_queries
        if any(
            t in q["sql"]
            for t in ("courses_enrolment", "courses_moduleprogress", "quizzes_quizattempt")
        )
    ]
    assert len(tables) == 2, tables
    assert len(context.captured_queries) <= 10
    assert response.context["state"].quizzes[next(iter(response.context["state"].quizzes))].passed


def test_opening_a_module_enrols_the_learner_once(learner_client, learner, made):
    from courses.models import Enrolment

    for _ in range(2):
        assert learner_client.get(made["modules"][0].url).status_code == 200
    assert Enrolment.objects.filter(user=learner, course=made["course"]).count() == 1
