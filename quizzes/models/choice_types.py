"""Questions where the learner picks: single choice, multiple response, true or false.

Each type scores itself; see ``questions.Question`` for the interface.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from ..blocks import OptionBlock
from .questions import (
    ERROR_NOT_AN_OPTION,
    Feedback,
    Question,
    _single_value,
    _string_list,
    fraction_of,
)


class _OptionsMixin:
    """Shared by types whose options are a StreamField of ``OptionBlock``."""

    def _options(self) -> dict[str, dict]:
        return {child.id: child.value for child in self.options}

    def option_ids(self) -> list[str]:
        return [child.id for child in self.options]

    def widget_options(self) -> list[dict]:
        items = [{"id": child.id, "text": child.value["text"]} for child in self.options]
        return self.in_display_order(items)

    def answer_labels(self, answer) -> list[str]:
        options = self._options()
        chosen = answer if isinstance(answer, list) else [answer]
        return [options[key]["text"] for key in chosen if key in options]

    def _option_feedback(self) -> dict[str, str]:
        return {key: o["feedback"] for key, o in self._options().items() if o["feedback"]}

    def _right_labels(self) -> list[str]:
        return [o["text"] for o in self._options().values() if o["correct"]]


class SingleChoiceQuestion(_OptionsMixin, Question):
    """One right answer among several options."""

    options = StreamField([("option", OptionBlock())], use_json_field=True)

    type_label = _("Single choice")
    template_name = "quizzes/questions/single_choice.html"
    snapshot_fields = ("options",)
    panels = [FieldPanel("text"), FieldPanel("options"), *Question.common_panels]

    class Meta:
        verbose_name = _("single choice question")

    def clean(self):
        super().clean()
        options = [child.value for child in self.options]
        if len(options) < 2:
            raise ValidationError({"options": _("Give at least two options.")})
        if sum(1 for option in options if option["correct"]) != 1:
            raise ValidationError({"options": _("Mark exactly one option as correct.")})

    def clean_response(self, raw) -> str:
        choice = _single_value(raw)
        if choice not in self._options():
            raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
        return choice

    def score(self, answer) -> Decimal:
        option = self._options().get(answer)
        return self.max_points() if option and option["correct"] else Decimal(0)

    def feedback(self, answer) -> Feedback:
        chosen = self._options().get(answer)
        return Feedback(
            correct=bool(chosen and chosen["correct"]),
            message=self.explanation,
            option_feedback=self._option_feedback(),
            correct_answer_label=", ".join(self._right_labels()),
        )


class MultipleResponseQuestion(_OptionsMixin, Question):
    """Tick every right answer. With partial credit, each right tick earns a share and each wrong
    tick takes one away, but the total never goes below zero."""

    options = StreamField([("option", OptionBlock())], use_json_field=True)
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=True,
        help_text=_("Give a share of the points for each right tick, minus each wrong one."),
    )

    type_label = _("Multiple response")
    template_name = "quizzes/questions/multiple_response.html"
    snapshot_fields = ("options", "partial_credit")
    panels = [
        FieldPanel("text"),
        FieldPanel("options"),
        FieldPanel("partial_credit"),
        *Question.common_panels,
    ]

    class Meta:
        verbose_name = _("multiple response question")

    def clean(self):
        super().clean()
        options = [child.value for child in self.options]
        if len(options) < 2:
            raise ValidationError({"options": _("Give at least two options.")})
        if not any(option["correct"] for option in options):
            raise ValidationError({"options": _("Mark at least one option as correct.")})

    def clean_response(self, raw) -> list[str]:
        chosen = _string_list(raw, max_items=len(self._options()))
        if not chosen:
            raise ValidationError(_("Tick at least one answer."), code="required")
        options = self._options()
        if any(key not in options for key in chosen) or len(set(chosen)) != len(chosen):
            raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
        return sorted(chosen)

    def clean_draft(self, raw) -> list[str]:
        options = self._options()
        return sorted({key for key in _string_list(raw, max_items=len(options)) if key in options})

    def score(self, answer) -> Decimal:
        options = self._options()
        right = {key for key, o in options.items() if o["correct"]}
        chosen = set(answer)
        if not self.partial_credit:
            return self.max_points() if chosen == right else Decimal(0)
        net = len(chosen & right) - len(chosen - right)
        return fraction_of(self.max_points(), net, len(right))

    def feedback(self, answer) -> Feedback:
        right = {key for key, o in self._options().items() if o["correct"]}
        return Feedback(
            correct=set(answer) == right,
            message=self.explanation,
            option_feedback=self._option_feedback(),
            correct_answer_label=", ".join(self._right_labels()),
        )


class TrueFalseQuestion(Question):
    """A statement the learner marks true or false."""

    correct_answer = models.BooleanField(_("the statement is true"), default=True)
    feedback_true = models.TextField(_("feedback if they answer true"), blank=True)
    feedback_false = models.TextField(_("feedback if they answer false"), blank=True)

    type_label = _("True or false")
    template_name = "quizzes/questions/true_false.html"
    snapshot_fields = ("correct_answer", "feedback_true", "feedback_false")
    panels = [
        FieldPanel("text"),
        FieldPanel("correct_answer"),
        FieldPanel("feedback_true"),
        FieldPanel("feedback_false"),
        *Question.common_panels,
    ]

    class Meta:
        verbose_name = _("true or false question")

    def widget_options(self) -> list[dict]:
        return [{"id": "true", "text": _("True")}, {"id": "false", "text": _("False")}]

    def answer_labels(self, answer) -> list[str]:
        return [str(_("True") if answer else _("False"))]

    def clean_response(self, raw) -> bool:
        value = _single_value(raw)
        if value not in {"true", "false"}:
            raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
        return value == "true"

    def score(self, answer) -> Decimal:
        return self.max_points() if answer is self.correct_answer else Decimal(0)

    def feedback(self, answer) -> Feedback:
        return Feedback(
            correct=answer is self.correct_answer,
            message=self.explanation,
            option_feedback={
                key: text
                for key, text in (("true", self.feedback_true), ("false", self.feedback_false))
                if text
            },
            correct_answer_label=str(_("True") if self.correct_answer else _("False")),
        )
