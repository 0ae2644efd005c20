"""50 submits of one attempt at the same moment: one score, one completion, one certificate."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate
from courses import services as course_services
from courses.models import CourseCompletion
from quizzes import services as quiz_services
from quizzes.models import QuizAttempt, Response
from tests import builders

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real parallel transactions (PostgreSQL)"
    ),
]


def test_fifty_parallel_submits(learner):
    course = builders.make_course(modules=1)
    module, quiz = course["modules"][0], course["quizzes"][0]
    course_services.transcript_confirm(user=learner, module=module)
    attempt = quiz_services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    form = builders.form_fields({q.pk: builders.right_raw(q) for q in attempt.questions()})
    barrier = threading.Barrier(50)
    statuses, errors = [], []

    def submit():
        from django.db import connections

        client = Client()
        client.force_login(learner)
        try:
            barrier.wait()
            response = client.post(
                reverse("courses:quiz_submit", args=[module.pk]), {"attempt": attempt.pk, **form}
            )
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(statuses) == 50 and all(status < 500 for status in statuses)
    assert QuizAttempt.objects.filter(user=learner, status="graded").count() == 1
    assert Response.objects.filter(attempt=attempt).count() == len(attempt.snapshot)
    assert CourseCompletion.objects.filter(user=learner).count() == 1
    assert Certificate.objects.filter(user=learner).count() == 1
