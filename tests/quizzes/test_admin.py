"""Every question type is created and edited through its own Wagtail admin form."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts.roles import TRAINERS, roles_setup
from quizzes.models import QUESTION_TYPES, Question
from tests import builders

pytestmark = pytest.mark.django_db

COMMON = {
    "explanation": "Why.",
    "learning_outcome": "Explain the role",
    "tags": "imha",
    "points": "1",
    "clip_start": "",
    "clip_end": "",
}


def option(text, correct):
    return (
        "option",
        {"text": text, "correct": "on" if correct else "", "feedback": f"About {text}"},
    )


FORMS = {
    "singlechoicequestion": {"options": streamfield([option("A", True), option("B", False)])},
    "multipleresponsequestion": {
        "options": streamfield([option("A", True), option("B", True), option("C", False)]),
        "partial_credit": "on",
    },
    "truefalsequestion": {"correct_answer": "on", "feedback_true": "Yes", "feedback_false": "No"},
    "likertquestion": {
        "reverse_scored": "on",
        "subscale": "threat",
        "myth_fact": "Evidence says...",
    },
    "fillinblanksquestion": {"passage": "An IMHA is *independent*.", "case_sensitive": ""},
    "orderingquestion": {
        "items": streamfield([("item", "First"), ("item", "Second")]),
        "partial_credit": "",
    },
    "matchingquestion": {
        "pairs": streamfield(
            [("pair", {"prompt": "P1", "match": "M1"}), ("pair", {"prompt": "P2", "match": "M2"})]
        ),
        "partial_credit": "on",
    },
    "freetextquestion": {"min_length": "20", "max_length": "500"},
}


@pytest.fixture
def trainer_client(client):
    roles_setup(content_root=builders.home_page())
    user = builders.make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=TRAINERS))
    client.force_login(user)
    return client


def form_data(model_name, text):
    return nested_form_data({"text": text, **COMMON, **FORMS[model_name]})


@pytest.mark.parametrize("model", QUESTION_TYPES, ids=lambda m: m._meta.model_name)
def test_create_then_edit_each_type_in_its_own_form(trainer_client, model):
    name = model._meta.model_name
    add_url = reverse(f"wagtailsnippets_quizzes_{name}:add")
    assert trainer_client.get(add_url).status_code == 200
    response = trainer_client.post(add_url, form_data(name, f"New {name}"))
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(text=f"New {name}")
    assert type(question) is model
    assert list(question.tags.names()) == ["imha"]

    edit_url = reverse(f"wagtailsnippets_quizzes_{name}:edit", args=[question.pk])
    assert trainer_client.get(edit_url).status_code == 200
    response = trainer_client.post(edit_url, form_data(name, f"Edited {name}"))
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.text == f"Edited {name}"
    # The question still answers for itself after the round trip through the admin.
    answer = question.clean_response(builders.right_raw(question))
    assert question.score(answer) == question.max_points()


def test_an_invalid_question_is_refused_with_a_message(trainer_client):
    data = nested_form_data(
        {"text": "Bad", **COMMON, "options": streamfield([option("A", False), option("B", False)])}
    )
    response = trainer_client.post(
        reverse("wagtailsnippets_quizzes_singlechoicequestion:add"), data
    )
    assert response.status_code == 200
    assert "Mark exactly one option as correct." in response.content.decode()
    assert not Question.objects.filter(text="Bad").exists()


@pytest.mark.parametrize("model", QUESTION_TYPES, ids=lambda m: m._meta.model_name)
def test_a_limited_admin_user_is_refused(client, model):
    limited = builders.make_user(is_staff=True)
    limited.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(limited)
    name = model._meta.model_name
    response = client.post(
        reverse(f"wagtailsnippets_quizzes_{name}:add"), form_data(name, "Sneaky")
    )
    assert response.status_code in (302, 403)
    assert not Question.objects.filter(text="Sneaky").exists()
