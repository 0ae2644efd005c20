"""Film progress is credited by the server's clock, not by what the player claims.

These replay the attacks that once earned a whole film in under a second: rapid heartbeats,
parallel heartbeats, and a forged film length. Each now earns under 10% of the film.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import film_ranges, services
from courses.models import ModuleProgress
from tests import builders

FILM_SECONDS = 100  # the builders' film


def block_of(module):
    return module.films()[0].id


def progress_of(user, module):
    return ModuleProgress.objects.get(user=user, module=module)


@pytest.mark.django_db
def test_eight_rapid_heartbeats_earn_under_a_tenth_of_the_film(client, learner, course):
    """The recorded attack: eight posts in well under a second, each claiming 12 more seconds."""
    module = course["modules"][0]
    client.force_login(learner)
    url = reverse("courses:film_progress", args=[module.pk])
    started = timezone.now()
    for n in range(8):
        body = {"block": block_of(module), "segments": [[n * 12, n * 12 + 12]], "duration": 101}
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 200
    elapsed = (timezone.now() - started).total_seconds()
    progress = progress_of(learner, module)
    assert progress.film_segments == [[0.0, 96.0]]  # what was claimed is kept, not credited
    assert progress.film_seconds_watched <= elapsed * services.MAX_PLAYBACK_RATE
    assert progress.film_seconds_watched < FILM_SECONDS / 10
    assert progress.film_watched_at is None
    assert response.json()["percent"] < 10


@pytest.mark.django_db
def test_honest_watching_is_credited_in_full(learner, course):
    module = course["modules"][0]
    now = timezone.now()
    services.film_progress_record(
        user=learner, module=module, block_id=block_of(module), segments=[], now=now
    )
    for start in range(0, FILM_SECONDS, 10):
        now += timedelta(seconds=10)
        services.film_progress_record(
            user=learner,
            module=module,
            block_id=block_of(module),
            segments=[[start, start + 10]],
            now=now,
        )
    progress = progress_of(learner, module)
    assert progress.film_seconds_watched == FILM_SECONDS
    assert progress.film_watched_at is not None


@pytest.mark.django_db
def test_the_allowance_is_twice_real_time_since_the_film_opened(learner, course):
    module = course["modules"][0]
    opened = timezone.now()
    record = lambda segments, seconds: services.film_progress_record(  # noqa: E731
        user=learner,
        module=module,
        block_id=block_of(module),
        segments=segments,
        now=opened + timedelta(seconds=seconds),
    )
    record([], 0)
    assert record([[0, 100]], 15).film_seconds_watched == 30
    # Two tabs cannot double it: the allowance is one clock for the learner's film.
    assert record([[0, 100]], 15).film_seconds_watched == 30
    assert record([], 30).film_seconds_watched == 60
    assert record([], 60).film_watched_at is not None


@pytest.mark.django_db
def test_a_replay_inside_what_was_watched_keeps_the_whole(learner, course):
    """Watching 0–60 s and then replaying 10–20 s still counts 60 s."""
    module = course["modules"][0]
    opened = timezone.now()
    services.film_progress_record(
        user=learner, module=module, block_id=block_of(module), segments=[], now=opened
    )
    for seconds, segment in ((30, [0, 30]), (60, [30, 60]), (70, [10, 20])):
        services.film_progress_record(
            user=learner,
            module=module,
            block_id=block_of(module),
            segments=[segment],
            now=opened + timedelta(seconds=seconds),
        )
    progress = progress_of(learner, module)
    assert progress.film_segments == [[0.0, 60.0]]
    assert progress.film_seconds_watched == 60


@pytest.mark.parametrize(
    ("segments", "merged"),
    [
        ([[0, 60], [10, 20]], [[0, 60]]),
        ([[10, 20], [0, 60]], [[0, 60]]),
        ([[0, 60], [10, 20], [15, 80]], [[0, 80]]),
        ([[0, 60], [59.8, 61]], [[0, 61]]),
        ([[0, 10], [20, 30], [5, 25]], [[0, 30]]),
    ],
)
def test_merging_contained_and_touching_ranges(segments, merged):
    before = [list(pair) for pair in segments]
    assert film_ranges.merge_segments(segments) == merged
    assert segments == before  # the caller's list is not changed


def test_the_film_length_is_the_servers_never_the_players():
    class Video:
        duration = 0

    assert film_ranges.film_duration({"duration": 90, "video": None}) == 90
    assert film_ranges.film_duration({"duration": None, "video": Video()}) is None
    Video.duration = 120
    assert film_ranges.film_duration({"duration": None, "video": Video()}) == 120


@pytest.mark.django_db
def test_an_embedded_film_without_a_length_cannot_be_required(course):
    from django.core.exceptions import ValidationError

    module = course["modules"][0]
    body = list(module.body.raw_data)
    film = next(item for item in body if item["type"] == "film")
    film["value"].update({"video": None, "embed_url": "https://www.youtube-nocookie.com/embed/x"})
    module.body = body
    module.require_film, module.allow_transcript = True, False
    media = module.films()[0].value
    assert film_ranges.film_duration(media) is None
    with pytest.raises(ValidationError) as raised:
        module.full_clean()
    assert "length in seconds" in str(raised.value)
    module.allow_transcript = True
    module.full_clean()  # the transcript is a measured path through the film


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real parallel transactions (PostgreSQL)"
)
def test_thirty_parallel_heartbeats_share_one_allowance(learner):
    course = builders.make_course(modules=1)
    module = course["modules"][0]
    url = reverse("courses:film_progress", args=[module.pk])
    barrier = threading.Barrier(30)
    statuses, errors = [], []

    def post(n):
        from django.db import connections

        client = Client()
        client.force_login(learner)
        try:
            barrier.wait()
            body = {"block": block_of(module), "segments": [[n * 3, n * 3 + 3]]}
            statuses.append(client.post(url, body, content_type="application/json").status_code)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))
        finally:
            connections.close_all()

    started = timezone.now()
    threads = [threading.Thread(target=post, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = (timezone.now() - started).total_seconds()
    assert errors == [] and statuses == [200] * 30
    progress = progress_of(learner, module)
    assert progress.film_seconds_watched <= elapsed * services.MAX_PLAYBACK_RATE
    assert progress.film_watched_at is None
