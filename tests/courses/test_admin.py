"""Trainers change content in the Wagtail admin, and learners see the change."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.roles import TRAINERS, roles_setup
from quizzes.models import Question
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(course):
    roles_setup(content_root=builders.home_page())
    user = builders.make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=TRAINERS))
    return user


def test_trainer_edits_module_text_and_film_and_the_learner_sees_it(
    client, trainer, course, learner
):
    module = course["modules"][0]
    client.force_login(trainer)
    new_media, new_captions = builders.film_assets()
    checkpoint = builders.true_false(text="Pause here: is an IMHA independent?", correct=True)
    data = builders.module_form_data(
        module,
        text="<p>Updated by the trainer today.</p>",
        film=(new_media, new_captions, "A brand new film"),
        quiz=course["quizzes"][0],
        checkpoints=[{"time": "30", "question": str(checkpoint.pk)}],
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[module.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.force_login(learner)
    html = client.get(module.url).content.decode()
    assert "Updated by the trainer today." in html
    assert "A brand new film" in html
    assert new_media.file.url in html
    assert "Pause here: is an IMHA independent?" in html
    assert 'data-time="30"' in html


def test_trainer_adds_a_question_to_a_quiz_and_the_learner_gets_it(
    client, trainer, course, learner
):
    quiz = course["quizzes"][0]
    new_question = builders.true_false(text="Patients can decline an IMHA.", correct=True)
    links = [
        {"id": str(link.pk), "question": str(link.question_id)}
        for link in quiz.quiz_questions.all()
    ]
    links.append({"id": "", "question": str(new_question.pk)})
    data = nested_form_data(
        {
            "title": quiz.title,
            "kind": quiz.kind,
            "intro": "",
            "pass_mark": "50",
            "behaviour": "assessed",
            "review": "after_pass",
            "attempts_allowed": "0",
            "attempt_wait_minutes": "",
            "shuffle_options": "",
            "time_limit_minutes": "",
            "draw_count": "",
            "draw_tag": "",
            "quiz_questions": inline_formset(links, initial=len(links) - 1),
        }
    )
    client.force_login(trainer)
    url = reverse("wagtailsnippets_quizzes_quiz:edit", args=[quiz.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert quiz.quiz_questions.count() == 3

    module = course["modules"][0]
    client.force_login(learner)
    client.post(
        reverse("courses:quiz_start", args=[module.pk]), {"quiz": quiz.pk, "purpose": "knowledge"}
    )
    html = client.get(module.url).content.decode()
    assert "Patients can decline an IMHA." in html


def test_question_bank_lists_every_type_and_links_each_to_its_own_form(client, trainer):
    sc, tf, lk = builders.single_choice(), builders.true_false(), builders.likert()
    client.force_login(trainer)
    response = client.get(reverse("wagtailsnippets_quizzes_question:list"))
    html = response.content.decode()
    assert response.status_code == 200
    for question, name in (
        (sc, "singlechoicequestion"),
        (tf, "truefalsequestion"),
        (lk, "likertquestion"),
    ):
        assert reverse(f"wagtailsnippets_quizzes_{name}:edit", args=[question.pk]) in html
    # No bare base-class "add" from the all-questions list.
    assert reverse("wagtailsnippets_quizzes_question:add") not in html
    assert client.get(reverse("wagtailsnippets_quizzes_question:add")).status_code == 404


def test_base_edit_url_redirects_to_the_type_form(client, trainer):
    question = builders.true_false()
    client.force_login(trainer)
    response = client.get(reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailsnippets_quizzes_truefalsequestion:edit", args=[question.pk]
    )


def test_trainer_creates_a_single_choice_question_in_its_own_form(client, trainer):
    from wagtail.test.utils.form_data import streamfield

    client.force_login(trainer)
    data = nested_form_data(
        {
            "text": "Who can see records with consent?",
            "options": streamfield(
                [
                    ("option", {"text": "The IMHA", "correct": "on", "feedback": "Yes"}),
                    ("option", {"text": "Anyone", "correct": "", "feedback": "No"}),
                ]
            ),
            "explanation": "",
            "learning_outcome": "",
            "tags": "consent, records",
            "points": "1",
            "clip_start": "",
            "clip_end": "",
        }
    )
    response = client.post(reverse("wagtailsnippets_quizzes_singlechoicequestion:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(text="Who can see records with consent?")
    assert question.get_real_instance().widget_options()[0]["text"] == "The IMHA"
    assert set(question.tags.names()) == {"consent", "records"}


def test_a_learner_cannot_reach_the_admin(client, learner):
    client.force_login(learner)
    response = client.get(reverse("wagtailsnippets_quizzes_quiz:list"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_admin_user_without_quiz_permissions_is_refused(client, course):
    from django.contrib.auth.models import Permission

    limited = builders.make_user(is_staff=True)
    limited.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(limited)
    quiz = course["quizzes"][0]
    response = client.get(reverse("wagtailsnippets_quizzes_quiz:edit", args=[quiz.pk]))
    assert response.status_code in (302, 403)
    response = client.post(
        reverse("wagtailsnippets_quizzes_quiz:edit", args=[quiz.pk]), {"title": "Hacked"}
    )
    quiz.refresh_from_db()
    assert quiz.title != "Hacked"
