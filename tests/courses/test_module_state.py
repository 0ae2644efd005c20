"""The module page reads a learner's current attempts only, however long their history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import selectors
from quizzes import services as quiz_services
from quizzes.models import QuizAttempt
from tests import builders

pytestmark = pytest.mark.django_db


def attempt(user, quiz, module, right=True):
    started = quiz_services.attempt_start(user=user, quiz=quiz, context_id=module.pk)
    answers = {q.pk: builders.right_raw(q) for q in started.questions()}
    return quiz_services.attempt_submit(attempt=started, answers=answers)


def test_the_state_counts_every_attempt_but_loads_only_the_current_ones(learner):
    made = builders.make_course(modules=1)
    module, quiz = made["modules"][0], made["quizzes"][0]

    def state():
        with CaptureQueriesContext(connection) as queries:
            result = selectors.module_state(module=module, user=learner)
        block = next(iter(result.quizzes.values()))
        return block, len(queries.captured_queries)

    first = attempt(learner, quiz, module)
    block, _queries = state()
    assert (block.attempts_used, block.last_graded.pk, block.open_attempt) == (1, first.pk, None)
    quiz_services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    _block, queries_early = state()  # two attempts, one of them open

    for _ in range(6):
        open_one = QuizAttempt.objects.get(user=learner, status="in_progress")
        answers = {q.pk: builders.right_raw(q) for q in open_one.questions()}
        last = quiz_services.attempt_submit(attempt=open_one, answers=answers)
        quiz_services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    opened = QuizAttempt.objects.get(user=learner, status="in_progress")
    block, queries_late = state()  # eight attempts, one of them open
    assert block.attempts_used == 8
    assert block.last_graded.pk == last.pk and block.open_attempt.pk == opened.pk
    assert queries_late == queries_early
    assert QuizAttempt.objects.filter(user=learner).count() == 8


def test_another_learners_attempts_are_not_counted(learner, other_learner):
    made = builders.make_course(modules=1)
    module, quiz = made["modules"][0], made["quizzes"][0]
    attempt(other_learner, quiz, module)
    attempt(other_learner, quiz, module)
    block = next(iter(selectors.module_state(module=module, user=learner).quizzes.values()))
    assert (block.attempts_used, block.last_graded, block.open_attempt) == (0, None, None)


def test_a_graded_attempts_answers_are_not_loaded_for_the_module_page(learner):
    made = builders.make_course(modules=1)
    module, quiz = made["modules"][0], made["quizzes"][0]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            state = selectors.module_state(module=module, user=learner)
        sql = [q["sql"] for q in captured.captured_queries]
        return state, sum(1 for s in sql if "quizzes_response" in s)

    attempt(learner, quiz, module)
    state, answer_queries = queries()
    block = next(iter(state.quizzes.values()))
    assert block.last_graded is not None and block.open_attempt is None
    assert answer_queries == 0  # graded only: its answers are for the result page
    quiz_services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    state, answer_queries = queries()
    block = next(iter(state.quizzes.values()))
    assert block.open_attempt is not None and len(block.questions) == 2
    assert answer_queries == 2  # the open attempt's answers and drafts


def test_a_new_modules_preview_before_its_first_save(learner):
    """The editor's preview panel renders a module that has no id yet: its checkpoints and
    reflection have no saved answers to look up (this once raised, and the preview showed a 500)."""
    from wagtail.models import Page

    from courses.models import ModulePage

    made = builders.make_course(modules=1)
    course = made["course"]
    question = made["quizzes"][0].quiz_questions.first().question
    film = builders.film_block(made["media"], made["captions"], checkpoints=[(3, question)])
    unsaved = ModulePage(
        title="New module",
        slug="new-module",
        body=[film, {"type": "reflection_prompt", "value": {"prompt": "What changes?"}}],
    )
    # As Wagtail's preview of a page being created places it under its parent.
    unsaved.depth = course.depth + 1
    unsaved.path = Page._get_children_path_interval(course.path)[1]
    state = selectors.module_state(module=unsaved, user=learner)
    [checkpoints] = state.checkpoints.values()
    assert [(c.time, c.answered) for c in checkpoints] == [(3, False)]
    assert state.reflection is None and state.course == course
