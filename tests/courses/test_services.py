from datetime import timedelta

import pytest
from django.utils import timezone

from certificates.models import Certificate
from courses import film_ranges, services
from courses.models import CourseCompletion, CoursePage, Enrolment, ModuleProgress
from quizzes import services as quiz_services
from tests import builders

pytestmark = pytest.mark.django_db


def film_id(module):
    return module.films()[0].id


def pass_quiz(user, module, quiz):
    attempt = quiz_services.attempt_start(user=user, quiz=quiz, context_id=module.pk)
    answers = {key[1:]: value for key, value in builders.correct_answers(quiz).items()}
    return services.module_quiz_submit(user=user, module=module, attempt=attempt, answers=answers)


def watch(user, module, *, seconds=100, start=None):
    """Report the film played in honest 20-second heartbeats."""
    now = start or timezone.now()
    position = 0
    while position < seconds:
        end = min(position + 20, seconds)
        now += timedelta(seconds=20)
        services.film_progress_record(
            user=user, module=module, block_id=film_id(module), segments=[[position, end]], now=now
        )
        position = end
    return now


class TestSegments:
    def test_merge_joins_overlaps_and_keeps_gaps(self):
        assert film_ranges.merge_segments([[10, 20], [0, 5], [15, 30], [40, 50]]) == [
            [0, 5],
            [10, 30],
            [40, 50],
        ]

    @pytest.mark.parametrize(
        "raw",
        [
            None,
            "0-100",
            [[1]],
            [[5, 1]],
            [[-1, 4]],
            [["a", "b"]],
            [[True, 4]],
            [[0, float("nan")]],
            [[0, 1]] * 501,
        ],
    )
    def test_malformed_segments_are_refused(self, raw):
        with pytest.raises(film_ranges.InvalidRanges):
            film_ranges.clean_segments(raw, duration=100)

    def test_segments_are_clamped_to_the_film(self):
        assert film_ranges.clean_segments([[90, 500], [200, 300]], duration=100) == [[90.0, 100.0]]


def test_enrolment_is_made_once(learner, course):
    services.enrolment_ensure(user=learner, course=course["course"])
    services.enrolment_ensure(user=learner, course=course["course"])
    assert Enrolment.objects.filter(user=learner).count() == 1


def test_honest_watching_marks_the_film_watched(learner, course):
    module = course["modules"][0]
    watch(learner, module, seconds=92)
    progress = ModuleProgress.objects.get(user=learner, module=module)
    assert progress.film_watched_at is not None
    assert progress.film_percent == 92


def test_a_forged_jump_to_the_end_earns_almost_nothing(learner, course):
    module = course["modules"][0]
    services.film_progress_record(
        user=learner, module=module, block_id=film_id(module), segments=[[0, 100]]
    )
    progress = ModuleProgress.objects.get(user=learner, module=module)
    assert progress.film_seconds_watched < 1
    assert progress.film_watched_at is None


def test_overlapping_replays_do_not_add_up_to_the_whole_film(learner, course):
    module = course["modules"][0]
    now = timezone.now()
    for _ in range(10):
        now += timedelta(seconds=20)
        services.film_progress_record(
            user=learner, module=module, block_id=film_id(module), segments=[[0, 20]], now=now
        )
    progress = ModuleProgress.objects.get(user=learner, module=module)
    assert progress.film_seconds_watched == 20
    assert progress.film_watched_at is None


def test_an_unknown_film_block_is_refused(learner, course):
    with pytest.raises(services.ProgressError):
        services.film_progress_record(
            user=learner, module=course["modules"][0], block_id="nope", segments=[]
        )


def test_module_needs_both_film_and_quiz(learner, course):
    module, quiz = course["modules"][0], course["quizzes"][0]
    pass_quiz(learner, module, quiz)
    progress = ModuleProgress.objects.get(user=learner, module=module)
    assert progress.quiz_passed_at and not progress.completed_at
    services.transcript_confirm(user=learner, module=module)
    progress.refresh_from_db()
    assert progress.completed_at is not None


def test_a_failed_quiz_does_not_complete_the_module(learner, course):
    module, quiz = course["modules"][0], course["quizzes"][0]
    services.transcript_confirm(user=learner, module=module)
    attempt = quiz_services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    wrong = {}
    for question in attempt.questions():
        if hasattr(question, "options"):
            wrong[question.pk] = [next(c.id for c in question.options if not c.value["correct"])]
        else:
            wrong[question.pk] = ["true" if not question.correct_answer else "false"]
    services.module_quiz_submit(user=learner, module=module, attempt=attempt, answers=wrong)
    assert ModuleProgress.objects.get(user=learner, module=module).completed_at is None


def test_a_quiz_from_another_module_does_not_count(learner, course):
    first, second = course["modules"]
    services.transcript_confirm(user=learner, module=first)
    pass_quiz(learner, first, course["quizzes"][1])
    assert ModuleProgress.objects.get(user=learner, module=first).quiz_passed_at is None


def test_course_completes_once_and_issues_one_certificate(
    learner, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for module, quiz in zip(course["modules"], course["quizzes"], strict=True):
            watch(learner, module)
            pass_quiz(learner, module, quiz)
        # Anything that re-checks the course later changes nothing.
        services.course_progress_update(user=learner, course=course["course"])
    completion = CourseCompletion.objects.get(user=learner)
    live = CoursePage.objects.get(pk=course["course"].pk).live_revision_id
    assert live is not None and completion.course_revision_id == live
    assert set(completion.module_revision_ids) == {str(m.pk) for m in course["modules"]}
    certificate = Certificate.objects.get(completion=completion)
    assert certificate.sha256 and certificate.pdf
    assert Certificate.objects.count() == 1


def test_course_is_not_complete_while_a_module_is_not(learner, course):
    module, quiz = course["modules"][0], course["quizzes"][0]
    services.transcript_confirm(user=learner, module=module)
    pass_quiz(learner, module, quiz)
    assert not CourseCompletion.objects.exists()


def test_a_refused_submit_keeps_the_valid_answers_and_notes_nothing(learner, course):
    module, quiz = course["modules"][0], course["quizzes"][0]
    attempt = quiz_services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    first, second = attempt.questions()
    with pytest.raises(quiz_services.InvalidResponse) as refused:
        services.module_quiz_submit(
            user=learner,
            module=module,
            attempt=attempt,
            answers={first.pk: builders.right_raw(first)},  # the second is missing
        )
    assert second.pk in refused.value.errors
    attempt.refresh_from_db()
    assert attempt.is_open
    assert list(attempt.responses.values_list("question_id", flat=True)) == [first.pk]
    progress = ModuleProgress.objects.filter(user=learner, module=module).first()
    assert progress is None or progress.quiz_passed_at is None

    graded = services.module_quiz_submit(
        user=learner,
        module=module,
        attempt=attempt,
        answers={second.pk: builders.right_raw(second)},
    )
    assert graded.passed
    assert (
        ModuleProgress.objects.get(user=learner, module=module).quiz_passed_at == graded.graded_at
    )
