"""The question chooser searches the question text and filters by type, tag and outcome."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from quizzes.models import TrueFalseQuestion
from tests import builders

pytestmark = pytest.mark.django_db
RESULTS = "wagtailsnippetchoosers_quizzes_question:choose_results"


@pytest.fixture
def bank():
    ward = builders.single_choice(text="Who speaks at the ward round?", learning_outcome="Roles")
    ward.tags.add("ward-round")
    right = builders.true_false(text="A patient can decline an IMHA.", correct=True)
    right.learning_outcome = "Rights"
    right.save()
    right.tags.add("rights")
    ordering = builders.ordering()
    return {"ward": ward, "right": right, "ordering": ordering}


@pytest.fixture
def trainer(client):
    user = builders.make_trainer()
    client.force_login(user)
    return user


def _listed(client, **params) -> str:
    response = client.get(reverse(RESULTS), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_chooser_offers_search_and_three_filters(client, trainer, bank):
    response = client.get(reverse("wagtailsnippetchoosers_quizzes_question:choose"))
    html = response.json()["html"]
    for name in ('name="q"', 'name="question_type"', 'name="tag"', 'name="outcome"'):
        assert name in html, name
    assert "All types" in html and "All tags" in html and "All learning outcomes" in html


def test_search_finds_by_words_in_the_question(client, trainer, bank):
    html = _listed(client, q="ward round")
    assert "Who speaks at the ward round?" in html
    assert "A patient can decline" not in html and "Put the steps" not in html


def test_each_filter_narrows_the_list(client, trainer, bank):
    true_false = ContentType.objects.get_for_model(TrueFalseQuestion)
    by_type = _listed(client, question_type=true_false.pk)
    assert "A patient can decline" in by_type and "Who speaks" not in by_type
    by_tag = _listed(client, tag="ward-round")
    assert "Who speaks" in by_tag and "A patient can decline" not in by_tag
    by_outcome = _listed(client, outcome="Rights")
    assert "A patient can decline" in by_outcome and "Put the steps" not in by_outcome
    nothing = _listed(client, q="ward", outcome="Rights")
    assert "Who speaks" not in nothing and "A patient can decline" not in nothing


def test_a_learner_cannot_open_the_chooser(client, learner, bank):
    client.force_login(learner)
    response = client.get(reverse(RESULTS), {"q": "ward"})
    assert response.status_code in (302, 403)
