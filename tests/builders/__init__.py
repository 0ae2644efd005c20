"""Small builders for test data: real models, real page tree, real files, one module per app area.

Tests use them as ``from tests import builders`` and ``builders.make_course()``.
"""

from ._shared import PASSWORD, VTT
from .pages import (
    course_form_data,
    film_assets,
    film_block,
    home_page,
    listblock,
    make_course,
    module_form_data,
    quiz_block,
)
from .questions import (
    correct_answers,
    every_type,
    fill_in_blanks,
    form_fields,
    free_text,
    likert,
    make_quiz,
    matching,
    multiple_response,
    ordering,
    right_raw,
    single_choice,
    true_false,
)
from .trust import (
    job_role,
    staff,
    trust_tree,
)
from .users import (
    make_trainer,
    make_user,
)

__all__ = [
    "PASSWORD",
    "VTT",
    "correct_answers",
    "course_form_data",
    "every_type",
    "fill_in_blanks",
    "film_assets",
    "film_block",
    "form_fields",
    "free_text",
    "home_page",
    "job_role",
    "likert",
    "listblock",
    "make_course",
    "make_quiz",
    "make_trainer",
    "make_user",
    "matching",
    "module_form_data",
    "multiple_response",
    "ordering",
    "quiz_block",
    "right_raw",
    "single_choice",
    "staff",
    "true_false",
    "trust_tree",
]
