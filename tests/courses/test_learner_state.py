"""A learner's state on a course is read in at most two queries, whatever it holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses import selectors, services
from courses.models import ModuleProgress
from quizzes import services as quiz_services
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(db):
    return builders.make_course(modules=3)


def read(user, made, module=None):
    with CaptureQueriesContext(connection) as context:
        state = selectors.learner_state(user=user, course=made["course"], module=module)
    assert len(context.captured_queries) == 1
    return state


def test_nothing_yet(learner, made):
    state = read(learner, made, made["modules"][0])
    assert (state.enrolment, state.statuses, state.progress) == (None, {}, None)


def test_enrolled_with_no_progress(learner, made):
    made_enrolment = services.enrolment_ensure(user=learner, course=made["course"])
    state = read(learner, made)
    assert state.statuses == {}
    assert state.progress is None
    assert state.enrolment.pk == made_enrolment.pk
    assert state.enrolment.enrolled_at == made_enrolment.enrolled_at
    assert (state.enrolment.user_id, state.enrolment.course_id) == (learner.pk, made["course"].pk)


def test_the_module_asked_about_comes_whole_and_the_rest_as_statuses(learner, other_learner, made):
    first, second, third = made["modules"]
    services.enrolment_ensure(user=learner, course=made["course"])
    services.transcript_confirm(user=learner, module=first)
    services.transcript_confirm(user=learner, module=second)
    ModuleProgress.objects.filter(user=learner, module=second).update(completed_at=timezone.now())
    services.transcript_confirm(user=other_learner, module=third)  # not this learner's
    state = read(learner, made, first)
    assert state.enrolment is not None
    assert state.statuses == {first.pk: "in_progress", second.pk: "completed"}
    saved = ModuleProgress.objects.get(user=learner, module=first)
    for field in saved._meta.concrete_fields:
        assert getattr(state.progress, field.attname) == getattr(saved, field.attname), field
    # A row read this way saves like any other.
    state.progress.film_seconds_watched = 12.5
    state.progress.save(update_fields=["film_seconds_watched"])
    saved.refresh_from_db()
    assert saved.film_seconds_watched == 12.5
    # Asked about no module (the course page), every module is a status.
    state = read(learner, made)
    assert state.progress is None
    assert state.statuses == {first.pk: "in_progress", second.pk: "completed"}


def test_progress_without_an_enrolment_on_this_course(learner, made):
    services.transcript_confirm(user=learner, module=made["modules"][2])
    state = read(learner, made)
    assert state.enrolment is None
    assert state.statuses == {made["modules"][2].pk: "in_progress"}


def test_another_courses_modules_are_not_this_courses(learner, made):
    other = builders.make_course(modules=1)
    services.transcript_confirm(user=learner, module=other["modules"][0])
    assert read(learner, made).statuses == {}


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
