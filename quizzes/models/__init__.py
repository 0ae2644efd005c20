"""Question types, quizzes and attempts.

Every question type is a django-polymorphic subclass of ``Question`` and answers for itself through
one small interface:

- ``template_name``: the learner's widget; it is given only the question text and option labels;
- ``clean_response(raw)``: turn submitted form values into a stored answer, or raise
  ``ValidationError`` with a message for the learner;
- ``score(answer)``: points earned, from 0 to ``max_points()``;
- ``feedback(answer)``: a ``Feedback`` with the overall and per-option explanation.

An attempt keeps a snapshot of each question (``to_snapshot``) and scores from the rebuilt copy
(``Question.from_snapshot``), so editing a question never changes an earlier result.
"""

from .arrangement_types import MatchingQuestion, OrderingQuestion
from .attempts import QuizAttempt, Response, ResponseDraft
from .choice_types import MultipleResponseQuestion, SingleChoiceQuestion, TrueFalseQuestion
from .question_types import QUESTION_TYPES
from .questions import Feedback, Question
from .quizzes import Quiz, QuizQuestion, moment_label
from .written_types import FillInBlanksQuestion, FreeTextQuestion, LikertQuestion

__all__ = [
    "QUESTION_TYPES",
    "Feedback",
    "FillInBlanksQuestion",
    "FreeTextQuestion",
    "MatchingQuestion",
    "MultipleResponseQuestion",
    "OrderingQuestion",
    "LikertQuestion",
    "Question",
    "Quiz",
    "QuizAttempt",
    "QuizQuestion",
    "Response",
    "ResponseDraft",
    "SingleChoiceQuestion",
    "TrueFalseQuestion",
    "moment_label",
]
