"""A renewal is a fresh test: last round's attempts close, count for nothing, and keep their
answers to themselves; a tab left open from the last round credits nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import services as course_services
from courses.models import ModuleProgress
from quizzes import services
from quizzes.models import Quiz, Response, moment_label
from tests import builders

pytestmark = pytest.mark.django_db


def complete(user, module, quiz):
    course_services.transcript_confirm(user=user, module=module)
    attempt = services.attempt_start(user=user, quiz=quiz, context_id=module.pk)
    answers = {q.pk: builders.right_raw(q) for q in attempt.questions()}
    return course_services.module_quiz_submit(
        user=user, module=module, attempt=attempt, answers=answers
    )


def test_a_retake_closes_last_rounds_attempts_and_keeps_their_answers(learner_client, learner):
    course = builders.make_course(modules=1)
    module, quiz = course["modules"][0], course["quizzes"][0]
    Quiz.objects.filter(pk=quiz.pk).update(attempts_allowed=2, review=Quiz.Review.AFTER_PASS)
    quiz.refresh_from_db()
    passed = complete(learner, module, quiz)
    # A second go opened (and one answer saved) before the learner renews.
    left_open = services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    question = left_open.questions()[0]
    services.response_save(
        attempt=left_open, question_id=question.pk, raw=builders.right_raw(question)
    )
    course_services.course_retake(user=learner, course=course["course"])

    left_open.refresh_from_db()
    assert left_open.status == "graded" and left_open.earlier_round
    assert Response.objects.filter(attempt=left_open).count() == 1  # nothing given is lost
    # Last round's pass no longer shows its answers.
    passed.refresh_from_db()
    assert passed.earlier_round and not quiz.review_open(passed)
    # The new round has its full allowance, and the module page offers a fresh start.
    html = learner_client.get(module.url).content.decode()
    assert "2 attempts left" in html
    fresh = services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    assert fresh.pk not in (passed.pk, left_open.pk) and fresh.number == 1


def test_a_tab_left_open_from_the_last_round_credits_nothing(learner):
    course = builders.make_course(modules=1)
    module, quiz = course["modules"][0], course["quizzes"][0]
    complete(learner, module, quiz)
    stale = services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    answers = {q.pk: builders.right_raw(q) for q in stale.questions()}
    course_services.course_retake(user=learner, course=course["course"])
    stale.refresh_from_db()
    course_services.module_quiz_submit(user=learner, module=module, attempt=stale, answers=answers)
    assert ModuleProgress.objects.get(user=learner, module=module).quiz_passed_at is None


def test_another_film_starts_its_credit_from_nothing(learner):
    course = builders.make_course(modules=1)
    module = course["modules"][0]
    block = module.films()[0].id
    opened = timezone.now()
    course_services.film_progress_record(
        user=learner, module=module, block_id=block, segments=[], now=opened
    )
    course_services.film_progress_record(
        user=learner,
        module=module,
        block_id=block,
        segments=[[0, 100]],
        now=opened + timedelta(seconds=60),
    )
    ModuleProgress.objects.filter(user=learner).update(film_block_id="an-older-film")
    progress = course_services.film_progress_record(
        user=learner,
        module=module,
        block_id=block,
        segments=[],
        now=opened + timedelta(seconds=61),
    )
    assert progress.film_seconds_watched == 0


def test_a_wait_that_runs_into_tomorrow_names_the_day():
    now = timezone.make_aware(timezone.datetime(2026, 12, 1, 23, 50))
    assert moment_label(now + timedelta(minutes=5), now=now) == "23:55"
    assert moment_label(now + timedelta(minutes=20), now=now) == "00:10 on 2 December"


def test_restricted_documents_are_never_stored_by_the_browser(client, learner):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Handout")
    document.file.save("handout.txt", ContentFile(b"notes"))
    document.save()
    response = client.get(document.url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    assert reverse("wagtaildocs_serve", args=[document.pk, "handout.txt"]).startswith("/documents/")
