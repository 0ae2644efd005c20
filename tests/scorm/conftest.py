import secrets
import zipfile
from io import BytesIO

import pytest

from courses import services as course_services
from quizzes import services as quiz_services
from scorm import services
from tests import builders


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 43 characters, as the package makes them


def complete_module(user, module, *, all_right=True):
    """As a learner does it: transcript confirmed, knowledge check passed (with one wrong answer
    unless ``all_right``: 1 of 2, at a pass mark of 50)."""
    course_services.transcript_confirm(user=user, module=module)
    quiz = module.knowledge_quiz()
    attempt = quiz_services.attempt_start(user=user, quiz=quiz, context_id=module.pk)
    answers = {}
    for i, question in enumerate(attempt.questions()):
        raw = builders.right_raw(question)
        if not all_right and i == len(attempt.questions()) - 1:
            raw = ["false"] if raw == ["true"] else ["true"]
        answers[question.pk] = raw
    course_services.module_quiz_submit(user=user, module=module, attempt=attempt, answers=answers)


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def course(db):
    return builders.make_course(modules=2, title="Working with IMHAs & advocates")


@pytest.fixture
def dispatch(course, staff_admin):
    return services.dispatch_create(
        course=course["course"], version="1.2", lms_name="ESR", user=staff_admin
    )


@pytest.fixture
def dispatch_2004(course, staff_admin):
    return services.dispatch_create(
        course=course["course"], version="2004", lms_name="Moodle", user=staff_admin
    )
