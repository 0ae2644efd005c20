"""xAPI against a real learning record store (Ralph, on loopback): a learner's journey is written
to the outbox with each change, delivered after it, read back from the store's own API and
checked against the xAPI model; the store going down mid-journey loses nothing and sends nothing
twice."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from courses import services as course_services
from courses.models import CoursePage, ModulePage
from tests import builders
from tests.support.lrs import lrs_settings
from tests.test_journey import answer_all, right_answers
from xapi import services as xapi_services
from xapi import statements as xs
from xapi.models import Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", "--course-only", stdout=io.StringIO())
    return CoursePage.objects.get(slug="working-with-imhas")


def watch(user, module, now):
    film = module.films()[0]
    for start in range(0, 101, 20):
        now += timedelta(seconds=20)
        course_services.film_progress_record(
            user=user,
            module=module,
            block_id=film.id,
            segments=[[start, min(start + 20, 101)]],
            now=now,
        )
    return now


def answer_checkpoints(client, module):
    film = module.films()[0]
    for checkpoint in film.value["checkpoints"]:
        question = checkpoint["question"]
        response = client.post(
            reverse("courses:checkpoint_answer", args=[module.pk]),
            data=json.dumps(
                {"block": film.id, "question": question.pk, "answer": builders.right_raw(question)}
            ),
            content_type="application/json",
        )
        assert response.status_code == 200


def test_a_learners_journey_reaches_the_store_once_even_when_it_goes_down(
    client,
    demo,
    settings,
    lrs_server,
    django_capture_on_commit_callbacks,
):
    lrs_settings(settings, lrs_server)
    learner = builders.make_user(first_name="Ama")
    client.force_login(learner)
    first, second = list(ModulePage.objects.live_in(demo))[:2]
    with django_capture_on_commit_callbacks(execute=True):
        now = watch(learner, first, timezone.now())
        answer_checkpoints(client, first)
        pre = first.quiz_blocks("attitude_pre")[0].value["quiz"]
        answer_all(client, first, (pre, "attitude_pre"), right_answers)
        answer_all(client, first, (first.knowledge_quiz(), "knowledge"), right_answers)
    sent_before = Statement.objects.filter(status=Statement.Status.SENT).count()
    assert sent_before == Statement.objects.count() > 0  # delivered after each commit

    # The store goes down mid-journey: the learner carries on; the statements wait.
    lrs_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        watch(learner, second, now)
        response = client.get(second.url)
    assert response.status_code == 200
    waiting = Statement.objects.filter(status=Statement.Status.PENDING)
    assert waiting.exists() and all(s.attempts == 1 and s.last_error for s in waiting)
    assert all(s.next_attempt_at > timezone.now() for s in waiting)  # backing off
    assert xapi_services.deliver() == {"sent": 0, "waiting": 0, "rejected": 0}  # not due yet

    held = waiting.count()
    lrs_server.start()
    later = timezone.now() + timedelta(hours=2)
    assert xapi_services.deliver(now=later) == {"sent": held, "waiting": 0, "rejected": 0}
    assert not Statement.objects.exclude(status=Statement.Status.SENT).exists()
    # Sending everything again (a worker that crashed after sending) stores nothing twice.
    Statement.objects.update(status=Statement.Status.PENDING, next_attempt_at=timezone.now())
    assert xapi_services.deliver()["sent"] == Statement.objects.count()

    stored = lrs_server.statements(agent=json.dumps(xs.actor(learner)))
    ids = [s["id"] for s in stored]
    assert len(ids) == len(set(ids)) == Statement.objects.count()
    assert set(ids) == {str(pk) for pk in Statement.objects.values_list("id", flat=True)}
    assert lrs_server.invalid(stored) == ""
    verbs = sorted({s["verb"]["display"]["en-GB"] for s in stored})
    assert verbs == ["answered", "completed", "launched", "passed", "progressed"]
    passed = next(s for s in stored if s["verb"]["display"]["en-GB"] == "passed")
    assert passed["result"]["score"]["scaled"] == 1.0 and passed["result"]["success"] is True
    launched = [s for s in stored if s["verb"]["display"]["en-GB"] == "launched"]
    assert {s["object"]["id"] for s in launched} == {
        "http://testserver" + first.url,
        "http://testserver" + second.url,
    }
    print(
        "\nxAPI statements from the journey:", sorted(s["verb"]["display"]["en-GB"] for s in stored)
    )


def test_without_a_store_nothing_is_written(client, demo):
    learner = builders.make_user()
    first = list(ModulePage.objects.live_in(demo))[0]
    watch(learner, first, timezone.now())
    assert not Statement.objects.exists()


def test_a_course_completed_a_certificate_earned_and_a_session_attended(
    settings, lrs_server, django_capture_on_commit_callbacks
):
    from certificates import services as certificate_services
    from courses.models import CourseCompletion
    from teamsessions import services as session_services
    from teamsessions.models import TeamSession

    lrs_settings(settings, lrs_server)
    units = builders.trust_tree()
    made = builders.make_course(modules=1, with_film=False)
    learner = builders.make_user()
    builders.staff(units["aspen"], user=learner)
    trainer = builders.make_trainer()
    with django_capture_on_commit_callbacks(execute=True):
        completion = CourseCompletion.objects.create(
            user=learner, course=made["course"], completed_at=timezone.now()
        )
        certificate_services.certificate_issue(completion=completion)
        start = timezone.now() - timedelta(hours=2)
        session = session_services.session_schedule(
            actor=trainer,
            data={
                "course": made["course"],
                "module": None,
                "unit": units["aspen"],
                "facilitator_role": TeamSession.FacilitatorRole.TRAINER,
                "starts_at": start,
                "ends_at": start + timedelta(hours=1),
                "place": "Day room",
                "video_link": "",
                "capacity": 10,
            },
            notify=False,
        )
        session_services.sign_in(user=learner, code=session.short_code, now=start)
        session_services.session_close(actor=trainer, session=session)
    stored = lrs_server.statements(agent=json.dumps(xs.actor(learner)))
    verbs = sorted(s["verb"]["display"]["en-GB"] for s in stored)
    assert verbs == ["attended", "completed", "earned"]
    assert lrs_server.invalid(stored) == ""
    attended = next(s for s in stored if s["verb"]["display"]["en-GB"] == "attended")
    assert attended["result"]["duration"] == "PT3600S"
    earned = next(s for s in stored if s["verb"]["display"]["en-GB"] == "earned")
    assert "/verify/" in earned["object"]["id"]


def test_admins_see_the_outbox_and_can_send_what_is_due(
    client, demo, settings, lrs_server, django_capture_on_commit_callbacks
):
    lrs_settings(settings, lrs_server)
    lrs_server.stop()
    learner = builders.make_user()
    first = list(ModulePage.objects.live_in(demo))[0]
    with django_capture_on_commit_callbacks(execute=True):
        watch(learner, first, timezone.now())
    admin = builders.make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get(reverse("xapi_outbox")).content.decode()
    waiting = Statement.objects.filter(status=Statement.Status.PENDING).count()
    assert f'<th scope="row">Waiting to be sent</th><td>{waiting}</td>' in page and waiting
    assert "ConnectionError" in page  # why they wait
    lrs_server.start()
    Statement.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("xapi_outbox"))
    assert response.status_code == 302
    assert not Statement.objects.filter(status=Statement.Status.PENDING).exists()
    client.force_login(learner)
    assert client.get(reverse("xapi_outbox")).status_code in (302, 403)


def test_a_persons_statements_are_in_their_data_and_go_with_erasure(
    settings, lrs_server, django_capture_on_commit_callbacks
):
    from core.privacy import personal_data_erase, subject_access_export

    lrs_settings(settings, lrs_server)
    made = builders.make_course(modules=1, with_film=False)
    learner, other = builders.make_user(), builders.make_user()
    from courses.models import CourseCompletion

    with django_capture_on_commit_callbacks(execute=True):
        for person in (learner, other):
            CourseCompletion.objects.create(
                user=person, course=made["course"], completed_at=timezone.now()
            )
    records = subject_access_export(user=learner)["learning_records"]
    assert [r["verb"] for r in records] == ["completed"] and records[0]["status"] == "sent"
    personal_data_erase(user=learner)
    assert subject_access_export(user=other)["learning_records"]
    assert Statement.objects.count() == 1  # only the other person's is left


def test_a_heartbeat_with_nothing_new_costs_one_query(demo, settings, lrs_server):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses.models import ModuleProgress

    lrs_settings(settings, lrs_server)
    learner = builders.make_user()
    first = list(ModulePage.objects.live_in(demo))[0]
    watch(learner, first, timezone.now())
    before = Statement.objects.count()
    progress = ModuleProgress.objects.get(user=learner, module=first)
    with CaptureQueriesContext(connection) as queries:
        progress.save(update_fields=["updated_at"])
    reads = [q["sql"] for q in queries.captured_queries if "xapi_statement" in q["sql"]]
    assert len(reads) == 1 and len(queries.captured_queries) == 2  # the save, and that read
    assert Statement.objects.count() == before
