"""Questions of every type and quizzes, and the answers the page would post."""

from __future__ import annotations

from quizzes.models import (
    LikertQuestion,
    Quiz,
    QuizQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

from ._shared import _seq


def single_choice(
    text="Who decides what the patient says?", marker="", **extra
) -> SingleChoiceQuestion:
    question = SingleChoiceQuestion(
        text=text,
        explanation=f"The patient decides. {marker}",
        options=[
            {
                "type": "option",
                "value": {"text": "The patient", "correct": True, "feedback": f"Yes. {marker}"},
            },
            {
                "type": "option",
                "value": {"text": "The advocate", "correct": False, "feedback": f"No. {marker}"},
            },
            {
                "type": "option",
                "value": {"text": "The consultant", "correct": False, "feedback": f"No. {marker}"},
            },
        ],
        **extra,
    )
    question.full_clean()
    question.save()
    return question


def true_false(
    text="An IMHA is part of the treating team.", correct=False, marker="", **extra
) -> TrueFalseQuestion:
    return TrueFalseQuestion.objects.create(
        text=text,
        correct_answer=correct,
        explanation=f"IMHAs are independent. {marker}",
        feedback_true=f"Not so. {marker}",
        feedback_false=f"Right. {marker}",
        **extra,
    )


def likert(
    text="Advocates help me understand my patient.", reverse=False, marker=""
) -> LikertQuestion:
    return LikertQuestion.objects.create(
        text=text,
        reverse_scored=reverse,
        subscale="value",
        myth_fact=f"Evidence. {marker}",
        points=0,
    )


def make_quiz(questions, *, kind=Quiz.Kind.KNOWLEDGE, pass_mark=50, title=None) -> Quiz:
    quiz = Quiz.objects.create(title=title or f"Quiz {next(_seq)}", kind=kind, pass_mark=pass_mark)
    for order, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
    return quiz


def multiple_response(marker="", partial=True, **extra):
    from quizzes.models import MultipleResponseQuestion

    question = MultipleResponseQuestion(
        text="Which may an IMHA do?",
        explanation=f"All but one. {marker}",
        partial_credit=partial,
        options=[
            {
                "type": "option",
                "value": {
                    "text": "Meet the patient in private",
                    "correct": True,
                    "feedback": f"Yes. {marker}",
                },
            },
            {
                "type": "option",
                "value": {
                    "text": "Meet the professionals",
                    "correct": True,
                    "feedback": f"Yes. {marker}",
                },
            },
            {
                "type": "option",
                "value": {
                    "text": "Decide treatment",
                    "correct": False,
                    "feedback": f"No. {marker}",
                },
            },
        ],
        **extra,
    )
    question.full_clean()
    question.save()
    return question


def fill_in_blanks(marker="", case_sensitive=False, **extra):
    from quizzes.models import FillInBlanksQuestion

    return FillInBlanksQuestion.objects.create(
        text="Complete the sentences.",
        passage=(
            "An IMHA is *independent* of the team. "
            "Patients on a *CTO/community treatment order* qualify."
        ),
        case_sensitive=case_sensitive,
        explanation=f"Independence matters. {marker}",
        **extra,
    )


def ordering(marker="", partial=False, **extra):
    from quizzes.models import OrderingQuestion

    return OrderingQuestion.objects.create(
        text="Put the steps in order.",
        items=[
            {"type": "item", "value": v}
            for v in ("Tell the patient", "Give it in writing", "Repeat later")
        ],
        partial_credit=partial,
        explanation=f"Order matters. {marker}",
        **extra,
    )


def matching(marker="", partial=True, **extra):
    from quizzes.models import MatchingQuestion

    return MatchingQuestion.objects.create(
        text="Match each patient group to who must tell them.",
        pairs=[
            {"type": "pair", "value": {"prompt": "Detained patient", "match": "Hospital managers"}},
            {
                "type": "pair",
                "value": {"prompt": "Guardianship", "match": "Local social services authority"},
            },
            {
                "type": "pair",
                "value": {"prompt": "Conditionally discharged", "match": "Responsible clinician"},
            },
        ],
        partial_credit=partial,
        explanation=f"Who informs depends on the status. {marker}",
        **extra,
    )


def free_text(marker="", **extra):
    from quizzes.models import FreeTextQuestion

    return FreeTextQuestion.objects.create(
        text="What will you do differently?",
        min_length=20,
        max_length=500,
        explanation=f"A model answer. {marker}",
        **extra,
    )


def every_type(marker=""):
    """One question of every type, each carrying the marker in its answer and feedback fields."""
    return [
        single_choice(marker=marker),
        multiple_response(marker=marker),
        true_false(marker=marker),
        likert(marker=marker),
        fill_in_blanks(marker=marker),
        ordering(marker=marker),
        matching(marker=marker),
        free_text(marker=marker),
    ]


def right_raw(question):
    """A raw answer (as the page would post it) that gets full marks, or a valid one if unscored."""
    from quizzes.models import (
        FillInBlanksQuestion,
        FreeTextQuestion,
        LikertQuestion,
        MatchingQuestion,
        MultipleResponseQuestion,
        OrderingQuestion,
        SingleChoiceQuestion,
        TrueFalseQuestion,
    )

    if isinstance(question, SingleChoiceQuestion):
        return [next(c.id for c in question.options if c.value["correct"])]
    if isinstance(question, MultipleResponseQuestion):
        return [c.id for c in question.options if c.value["correct"]]
    if isinstance(question, TrueFalseQuestion):
        return ["true" if question.correct_answer else "false"]
    if isinstance(question, LikertQuestion):
        return ["4"]
    if isinstance(question, FillInBlanksQuestion):
        return {str(i): alts[0] for i, alts in enumerate(question.blanks())}
    if isinstance(question, OrderingQuestion):
        return {child.id: str(i + 1) for i, child in enumerate(question.items)}
    if isinstance(question, MatchingQuestion):
        return {child.id: question._key(child.id) for child in question.pairs}
    if isinstance(question, FreeTextQuestion):
        return ["I will tell every patient about advocacy, and tell them again."]
    raise TypeError(question)


def correct_answers(quiz) -> dict[str, object]:
    """Form fields that answer every question in a quiz correctly (or validly, if unscored)."""
    return form_fields(
        {
            link.question.pk: right_raw(link.question.get_real_instance())
            for link in quiz.quiz_questions.all()
        }
    )


def form_fields(raw_by_question: dict) -> dict[str, object]:
    """Raw answers as the page's form posts them: q<id> lists, or q<id>-<part> per part."""
    fields = {}
    for question_id, raw in raw_by_question.items():
        if isinstance(raw, dict):
            fields.update({f"q{question_id}-{part}": value for part, value in raw.items()})
        else:
            fields[f"q{question_id}"] = raw
    return fields
