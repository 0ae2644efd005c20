"""Generated request bodies against the learner's JSON endpoints: never a 5xx, never a stray row.

The generator reaches every body that once got a 500: nesting thousands deep, integers of hundreds
of digits, NaN and 1e999, NUL bytes, unpaired surrogates and other unicode edge cases (run on
SQLite and on PostgreSQL, which refuses NUL in text). Each test draws ``EXAMPLES`` bodies.
"""

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import CheckpointAnswer, ModuleProgress
from quizzes.models import QuizAttempt, Response
from tests import builders

pytestmark = pytest.mark.django_db

EXAMPLES = 150
EDGE_TEXT = st.sampled_from(
    ["\x00", "a\x00b", "\ud800", "x\udfff", "\ud83d\ude00", "\u202e", "\ufeff", "\u200b", "é" * 50]
)
text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=30) | EDGE_TEXT
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=10**15, max_value=10**450),
    st.integers(min_value=-(10**450), max_value=-(10**15)),
    st.floats(),  # includes NaN and the infinities, which json.dumps writes as NaN and Infinity
)
values = st.recursive(
    st.none() | st.booleans() | numbers | text,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=15,
)


def nested(depth: int, inner: str = "") -> bytes:
    return ("[" * depth + inner + "]" * depth).encode()


deep = st.builds(nested, st.integers(min_value=1, max_value=12_000))
bodies = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda d: b'{"question": 1, "answer": ' + d + b"}", deep),
    st.builds(lambda d: b'{"block": "x", "segments": ' + d + b', "duration": 9}', deep),
    st.builds(lambda n: ('{"answer": ' + "9" * n + "}").encode(), st.integers(16, 500)),
    st.sampled_from([b'{"a": 1e999}', b'{"a": NaN}', b'{"a": -Infinity}', b"\xed\xa0\x80"]),
    st.builds(lambda v: json.dumps(v).encode(), values),
    st.builds(
        lambda q, a: json.dumps({"question": q, "answer": a}).encode(),
        st.one_of(st.integers(), st.text(max_size=5), st.none()),
        values,
    ),
)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture
def setup(client):
    course = builders.make_course(modules=1)
    user = builders.make_user()
    client.force_login(user)
    module = course["modules"][0]
    attempt = QuizAttempt.objects.create(
        user=user,
        quiz=course["quizzes"][0],
        snapshot=[
            q.get_real_instance().to_snapshot()
            for q in (link.question for link in course["quizzes"][0].quiz_questions.all())
        ],
    )
    return client, module, attempt


@SETTINGS
@given(body=bodies)
def test_answer_endpoint(setup, body):
    client, _module, attempt = setup
    response = client.post(
        reverse("quizzes:answer_save", args=[attempt.pk]),
        data=body,
        content_type="application/json",
    )
    assert response.status_code < 500
    for saved in Response.objects.filter(attempt=attempt):
        assert saved.question_id in {item["id"] for item in attempt.snapshot}


@SETTINGS
@given(body=bodies, segments=values, real_block=st.booleans())
def test_film_progress_endpoint(setup, body, segments, real_block):
    client, module, _attempt = setup
    if real_block:
        block = module.films()[0].id
        body = json.dumps({"block": block, "segments": segments, "duration": segments}).encode()
    response = client.post(
        reverse("courses:film_progress", args=[module.pk]),
        data=body,
        content_type="application/json",
    )
    assert response.status_code < 500
    for progress in ModuleProgress.objects.all():
        assert 0 <= progress.film_seconds_watched <= (progress.film_duration or 0) + 0.01


@SETTINGS
@given(body=bodies)
def test_checkpoint_endpoint(setup, body):
    client, module, _attempt = setup
    response = client.post(
        reverse("courses:checkpoint_answer", args=[module.pk]),
        data=body,
        content_type="application/json",
    )
    assert response.status_code < 500
    assert not CheckpointAnswer.objects.exists()  # this module's film has no checkpoints


@SETTINGS
@given(fields=st.dictionaries(st.text(max_size=12), st.text(max_size=20), max_size=8))
def test_quiz_submit_form(setup, fields):
    client, module, attempt = setup
    response = client.post(
        reverse("courses:quiz_submit", args=[module.pk]), {"attempt": attempt.pk, **fields}
    )
    assert response.status_code < 500
