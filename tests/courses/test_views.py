import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import ModuleProgress
from tests import builders

pytestmark = pytest.mark.django_db


def post_json(client, url, data):
    return client.post(
        url,
        data=json.dumps(data) if not isinstance(data, bytes) else data,
        content_type="application/json",
    )


def test_my_training_lists_the_course_with_progress(learner_client, learner, course):
    module = course["modules"][0]
    ModuleProgress.objects.create(user=learner, module=module, completed_at=timezone.now())
    response = learner_client.get(reverse("courses:my_training"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Working with IMHAs" in html
    assert "1 of 2 modules complete" in html
    assert 'value="50"' in html


def test_my_training_needs_sign_in(client):
    response = client.get(reverse("courses:my_training"))
    assert response.status_code == 302


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_my_training_reads_in_a_fixed_number_of_queries(learner_client, learner):
    builders.make_course(modules=1)
    count_queries(learner_client, reverse("courses:my_training"))  # warm the site-root cache
    small = count_queries(learner_client, reverse("courses:my_training"))
    for _ in range(3):
        builders.make_course(modules=3)
    # The first read after a publish refills what is remembered of the published courses.
    count_queries(learner_client, reverse("courses:my_training"))
    assert count_queries(learner_client, reverse("courses:my_training")) == small
    # Of them: any notice of a change in the law, any follow-up open, the team sessions (two) and
    # whether the learner may run them (one).
    assert small <= 15


def test_module_page_shows_film_with_captions_and_transcript(learner_client, course):
    module = course["modules"][0]
    html = learner_client.get(module.url).content.decode()
    assert "<video" in html
    assert 'kind="captions"' in html
    assert reverse("courses:film_captions", args=[module.pk, module.films()[0].id]) in html
    assert "This is the transcript." in html
    assert html.count("<h1") == 1
    assert 'href="#maincontent"' in html


def test_module_page_query_count_does_not_grow_with_answers(learner_client, learner, course):
    module = course["modules"][0]
    learner_client.get(module.url)
    learner_client.post(
        reverse("courses:quiz_start", args=[module.pk]),
        {"quiz": course["quizzes"][0].pk, "purpose": "knowledge"},
    )
    before = count_queries(learner_client, module.url)
    attempt = learner.quiz_attempts.get()
    for question in attempt.questions():
        learner_client.post(
            reverse("quizzes:answer_save", args=[attempt.pk]),
            data=json.dumps({"question": question.pk, "answer": ["true"]}),
            content_type="application/json",
        )
    assert count_queries(learner_client, module.url) == before


def test_captions_are_served_as_webvtt(client, course):
    module = course["modules"][0]
    response = client.get(reverse("courses:film_captions", args=[module.pk, module.films()[0].id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    assert response.content.startswith(b"WEBVTT")


def test_unknown_captions_are_404(client, course):
    response = client.get(reverse("courses:film_captions", args=[course["modules"][0].pk, "nope"]))
    assert response.status_code == 404


class TestFilmProgressEndpoint:
    def url(self, course):
        return reverse("courses:film_progress", args=[course["modules"][0].pk])

    def test_records_played_ranges_and_credits_by_the_servers_clock(
        self, learner_client, learner, course
    ):
        module = course["modules"][0]
        block = module.films()[0].id
        opened = post_json(learner_client, self.url(course), {"block": block, "segments": []})
        assert opened.status_code == 200 and opened.json()["percent"] == 0
        progress = ModuleProgress.objects.get(user=learner)
        assert progress.film_opened_at is not None
        # Twenty seconds of real time later (moved back rather than waited for).
        ModuleProgress.objects.filter(pk=progress.pk).update(
            film_opened_at=progress.film_opened_at - timedelta(seconds=20)
        )
        response = post_json(
            learner_client, self.url(course), {"block": block, "segments": [[0, 20]]}
        )
        assert response.status_code == 200
        assert response.json()["percent"] == 20
        assert ModuleProgress.objects.get(user=learner).film_segments == [[0.0, 20.0]]

    @pytest.mark.parametrize(
        "body",
        [
            b"not json",
            b"[1,2]",
            b'{"segments": []}',
            b'{"block": 5}',
            b'{"block": "x", "segments": []}',
        ],
    )
    def test_bad_bodies_get_a_4xx_with_a_message(self, learner_client, course, body):
        response = learner_client.post(self.url(course), data=body, content_type="application/json")
        assert 400 <= response.status_code < 500
        assert response.json()["error"]

    def test_a_reported_duration_is_ignored(self, learner_client, learner, course):
        module = course["modules"][0]
        body = {"block": module.films()[0].id, "segments": [], "duration": 5}
        assert post_json(learner_client, self.url(course), body).status_code == 200
        assert ModuleProgress.objects.get(user=learner).film_duration == 100

    def test_anonymous_is_sent_to_sign_in(self, client, course):
        response = post_json(client, self.url(course), {"block": "x", "segments": []})
        assert response.status_code == 302

    def test_get_is_not_allowed(self, learner_client, course):
        assert learner_client.get(self.url(course)).status_code == 405


def test_transcript_confirm_marks_the_film_done(learner_client, learner, course):
    module = course["modules"][0]
    response = learner_client.post(reverse("courses:transcript_confirm", args=[module.pk]))
    assert response.status_code == 302
    assert ModuleProgress.objects.get(user=learner, module=module).transcript_confirmed_at
    assert ModuleProgress.objects.get(user=learner, module=module).film_done


def test_quiz_start_with_a_forged_quiz_is_400(learner_client, course):
    module = course["modules"][0]
    other_quiz = course["quizzes"][1]
    response = learner_client.post(
        reverse("courses:quiz_start", args=[module.pk]),
        {"quiz": other_quiz.pk, "purpose": "knowledge"},
    )
    assert response.status_code == 400
    assert "not part of this module" in response.content.decode()


def test_film_progress_heartbeats_spread_over_time_complete_the_film(learner, course):
    from courses import services

    module = course["modules"][0]
    now = timezone.now()
    for start in range(0, 100, 20):
        now += timedelta(seconds=20)
        services.film_progress_record(
            user=learner,
            module=module,
            block_id=module.films()[0].id,
            segments=[[start, start + 20]],
            now=now,
        )
    assert ModuleProgress.objects.get(user=learner).film_watched_at


def test_a_film_only_in_a_draft_has_captions_for_its_editor_not_for_learners(
    client, learner, course
):
    """The admin's preview plays a film added in a draft, with captions; learners see only
    what is live."""
    from django.contrib.auth.models import Group

    from accounts.roles import TRAINERS, roles_setup

    module = course["modules"][0]
    draft_film = builders.film_block(course["media"], course["captions"], title="Draft film")
    module.body = [*module.body.raw_data, draft_film]
    module.save_revision()  # saved as a draft, not published
    draft = module.get_latest_revision_as_object()
    block_id = draft.films()[-1].id
    url = reverse("courses:film_captions", args=[module.pk, block_id])
    client.force_login(learner)
    assert client.get(url).status_code == 404
    roles_setup(content_root=builders.home_page())
    trainer = builders.make_user(is_staff=True)
    trainer.groups.add(Group.objects.get(name=TRAINERS))
    client.force_login(trainer)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"WEBVTT")
