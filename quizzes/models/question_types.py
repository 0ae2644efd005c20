"""The question types, in the order the admin lists them. Each lives with its kind:
``choice_types``, ``written_types`` and ``arrangement_types``."""

from .arrangement_types import MatchingQuestion, OrderingQuestion
from .choice_types import (
    MultipleResponseQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
    _OptionsMixin,  # named by migration 0002 as a base class
)
from .written_types import FillInBlanksQuestion, FreeTextQuestion, LikertQuestion

__all__ = ["QUESTION_TYPES", "_OptionsMixin"]

QUESTION_TYPES = (
    SingleChoiceQuestion,
    MultipleResponseQuestion,
    TrueFalseQuestion,
    LikertQuestion,
    FillInBlanksQuestion,
    OrderingQuestion,
    MatchingQuestion,
    FreeTextQuestion,
)
