"""Each part of a module's completion rule, and recertification rounds."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses import services
from courses.models import CourseCompletion, ModulePage, ModuleProgress, ModuleReflection
from quizzes import services as quiz_services
from quizzes.models import Quiz
from tests import builders

pytestmark = pytest.mark.django_db


def pass_quiz(user, module, quiz, purpose="knowledge"):
    attempt = quiz_services.attempt_start(
        user=user, quiz=quiz, purpose=purpose, context_id=module.pk
    )
    answers = {q.pk: builders.right_raw(q) for q in attempt.questions()}
    services.module_quiz_submit(user=user, module=module, attempt=attempt, answers=answers)


def watch(user, module, seconds):
    now = timezone.now()
    for start in range(0, seconds, 20):
        now += timedelta(seconds=20)
        services.film_progress_record(
            user=user,
            module=module,
            block_id=module.films()[0].id,
            segments=[[start, min(start + 20, seconds)]],
            now=now,
        )


def set_rule(module, **fields):
    page = ModulePage.objects.get(pk=module.pk)
    for key, value in fields.items():
        setattr(page, key, value)
    page.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)


def progress(user, module):
    return ModuleProgress.objects.get(user=user, module=module)


def test_film_percentage_is_the_trainers_choice(learner, course):
    module = set_rule(course["modules"][0], film_watched_percent=50, require_quiz=False)
    watch(learner, module, 40)
    assert progress(learner, module).completed_at is None
    watch(learner, module, 60)
    assert progress(learner, module).completed_at is not None


def test_transcript_path_can_be_switched_off(learner, course):
    module = set_rule(course["modules"][0], allow_transcript=False, require_quiz=False)
    with pytest.raises(services.ProgressError):
        services.transcript_confirm(user=learner, module=module)
    assert not ModuleProgress.objects.filter(user=learner, completed_at__isnull=False).exists()


def test_transcript_path_completes_the_film_part(learner, course):
    module = set_rule(course["modules"][0], require_quiz=False)
    services.transcript_confirm(user=learner, module=module)
    assert progress(learner, module).completed_at is not None


def test_reflection_part(learner, course):
    module = course["modules"][0]
    page = ModulePage.objects.get(pk=module.pk)
    page.body = [*page.body.raw_data, {"type": "reflection_prompt", "value": {"prompt": "Think."}}]
    page.require_reflection = True
    page.require_film = False
    page.save_revision().publish()
    module = ModulePage.objects.get(pk=module.pk)
    pass_quiz(learner, module, course["quizzes"][0])
    assert progress(learner, module).completed_at is None
    with pytest.raises(services.ProgressError, match="at least 30"):
        services.reflection_save(user=learner, module=module, text="too short")
    services.reflection_save(
        user=learner, module=module, text="I will tell patients about IMHAs twice."
    )
    assert progress(learner, module).completed_at is not None
    assert ModuleReflection.objects.get(user=learner).text.startswith("I will tell")


def test_after_module_questionnaire_part(learner, course):
    module = course["modules"][0]
    attitude = builders.make_quiz([builders.likert()], kind=Quiz.Kind.ATTITUDE)
    page = ModulePage.objects.get(pk=module.pk)
    page.body = [*page.body.raw_data, builders.quiz_block(attitude, purpose="attitude_post")]
    page.require_attitude_post = True
    page.require_film = False
    page.save_revision().publish()
    module = ModulePage.objects.get(pk=module.pk)
    pass_quiz(learner, module, course["quizzes"][0])
    assert progress(learner, module).completed_at is None
    pass_quiz(learner, module, attitude, purpose="attitude_pre")  # the wrong round: not enough
    assert progress(learner, module).completed_at is None
    pass_quiz(learner, module, attitude, purpose="attitude_post")
    assert progress(learner, module).completed_at is not None


def test_module_page_lists_only_the_parts_that_apply(learner_client, course):
    module = set_rule(course["modules"][0], film_watched_percent=75)
    html = learner_client.get(module.url).content.decode()
    assert "Watch at least 75% of the film, or read its transcript" in html
    assert "Pass the knowledge check" in html
    assert "Write your reflection" not in html


def complete_course(user, course):
    for module, quiz in zip(course["modules"], course["quizzes"], strict=True):
        services.transcript_confirm(user=user, module=module)
        pass_quiz(user, module, quiz)


def test_retake_makes_a_new_completion_and_certificate_and_keeps_history(
    learner, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner, course)
    first = CourseCompletion.objects.get(user=learner)
    assert services.course_retake(user=learner, course=course["course"]) == 2
    assert not ModuleProgress.objects.filter(user=learner, completed_at__isnull=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner, course)
    rounds = list(CourseCompletion.objects.filter(user=learner).order_by("round"))
    assert [c.round for c in rounds] == [1, 2] and rounds[0].pk == first.pk
    assert Certificate.objects.filter(user=learner).count() == 2
    assert len({c.code for c in Certificate.objects.filter(user=learner)}) == 2


def test_retake_before_completing_is_refused(learner_client, course):
    response = learner_client.post(reverse("courses:course_retake", args=[course["course"].pk]))
    assert response.status_code == 409
    assert "once you have completed it" in response.content.decode()


def test_reflection_form_on_the_module_page(learner_client, learner, course):
    module = course["modules"][0]
    page = ModulePage.objects.get(pk=module.pk)
    page.body = [
        *page.body.raw_data,
        {"type": "reflection_prompt", "value": {"prompt": "What will you do?"}},
    ]
    page.save_revision().publish()
    url = reverse("courses:reflection_save", args=[module.pk])
    bad = learner_client.post(url, {"text": "short"})
    assert bad.status_code == 400 and "Write at least 30 characters." in bad.content.decode()
    good = learner_client.post(url, {"text": "I will explain advocacy at every ward round."})
    assert good.status_code == 302
    assert "I will explain advocacy" in learner_client.get(module.url).content.decode()
