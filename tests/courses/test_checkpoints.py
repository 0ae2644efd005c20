import json

import pytest
from django.urls import reverse

from courses import services
from courses.models import CheckpointAnswer, ModulePage
from tests import builders

pytestmark = pytest.mark.django_db

MARKER = "CP-LEAK-MARKER-CP"


@pytest.fixture
def film_module():
    course = builders.make_course(modules=1, with_film=False)
    media, captions = builders.film_assets()
    first = builders.true_false(text="Checkpoint one", correct=False, marker=MARKER)
    second = builders.single_choice(text="Checkpoint two", marker=MARKER)
    module = course["modules"][0]
    page = ModulePage.objects.get(pk=module.pk)
    page.body = [
        builders.film_block(
            media, captions, checkpoints=[(40, second), (12, first)], prevent_skipping=True
        ),
        builders.quiz_block(course["quizzes"][0]),
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    return page, first, second


def block_id(page):
    return page.films()[0].id


def post(client, page, data):
    return client.post(
        reverse("courses:checkpoint_answer", args=[page.pk]),
        data=json.dumps(data),
        content_type="application/json",
    )


def test_page_lists_checkpoints_in_time_order_without_answers(learner_client, film_module):
    page, first, second = film_module
    html = learner_client.get(page.url).content.decode()
    assert html.index("Checkpoint one") < html.index("Checkpoint two")
    assert 'data-time="12"' in html and "data-prevent-skipping" in html
    assert "At 00:12 in the film" in html
    assert MARKER not in html


def test_answer_is_saved_scored_and_explained(learner_client, learner, film_module):
    page, first, _ = film_module
    response = post(
        learner_client, page, {"block": block_id(page), "question": first.pk, "answer": ["true"]}
    )
    assert response.status_code == 200
    assert response.json()["feedback"]["correct"] is False
    saved = CheckpointAnswer.objects.get(user=learner)
    assert (saved.answer, saved.points) == (True, 0)
    # The latest answer wins, and is still one row.
    post(learner_client, page, {"block": block_id(page), "question": first.pk, "answer": ["false"]})
    assert CheckpointAnswer.objects.get(user=learner).points == 1
    html = learner_client.get(page.url).content.decode()
    assert MARKER in html  # feedback shows once answered
    assert 'data-answered="true"' in html


def test_transcript_readers_answer_with_a_plain_form(learner_client, learner, film_module):
    page, first, _ = film_module
    response = learner_client.post(
        reverse("courses:checkpoint_answer", args=[page.pk]),
        {"block": block_id(page), "question": first.pk, f"q{first.pk}": "false"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#checkpoint-{block_id(page)}-{first.pk}")
    assert CheckpointAnswer.objects.filter(user=learner, points=1).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"block": "nope", "question": 1, "answer": ["true"]},
        {"block": None, "question": 1, "answer": ["true"]},
        {"question": "x", "answer": ["true"]},
    ],
)
def test_bad_checkpoint_requests_are_400(learner_client, film_module, data):
    page, _, _ = film_module
    response = post(learner_client, page, data)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not CheckpointAnswer.objects.exists()


def test_a_question_that_is_not_a_checkpoint_is_refused(learner_client, film_module):
    page, _, _ = film_module
    stranger = builders.true_false()
    response = post(
        learner_client, page, {"block": block_id(page), "question": stranger.pk, "answer": ["true"]}
    )
    assert response.status_code == 400
    assert "not a checkpoint" in response.json()["error"]


def test_an_invalid_answer_is_refused_with_the_question_message(learner, film_module):
    page, first, _ = film_module
    with pytest.raises(services.ProgressError, match="not one of the options"):
        services.checkpoint_answer(
            user=learner, module=page, block_id=block_id(page), question_id=first.pk, raw=["maybe"]
        )


def test_editing_the_question_later_keeps_the_score(learner, film_module):
    page, first, _ = film_module
    services.checkpoint_answer(
        user=learner, module=page, block_id=block_id(page), question_id=first.pk, raw=["false"]
    )
    first.correct_answer = True
    first.save()
    saved = CheckpointAnswer.objects.get(user=learner)
    assert saved.points == 1 and saved.question_snapshot["fields"]["correct_answer"] is False
