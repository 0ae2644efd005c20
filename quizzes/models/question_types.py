"""The question types. Each scores itself; see ``questions.Question`` for the interface."""

from __future__ import annotations

import hashlib
import hmac
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from ..blocks import OptionBlock
from .questions import (
    ERROR_NO_ANSWER,
    ERROR_NOT_AN_OPTION,
    MAX_RAW_TEXT,
    Feedback,
    Question,
    _single_value,
    _string_dict,
    _string_list,
    fraction_of,
)

ERROR_ORDER_INCOMPLETE = _("Give every item a different position.")
ERROR_MATCH_INCOMPLETE = _("Choose a match for every item.")
ERROR_BLANKS_INCOMPLETE = _("Fill in every gap.")
ERROR_TOO_SHORT = _("Write at least %(min)s characters.")
ERROR_TOO_LONG = _("Write no more than %(max)s characters.")
BLANK = re.compile(r"\*([^*\n]+)\*")


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


class LikertQuestion(Question):
    """An attitude statement on a 5-point agreement scale. Never scored; never right or wrong."""

    SCALE = (
        (1, _("Strongly disagree")),
        (2, _("Disagree")),
        (3, _("Neither agree nor disagree")),
        (4, _("Agree")),
        (5, _("Strongly agree")),
    )

    reverse_scored = models.BooleanField(
        _("reverse scored"),
        default=False,
        help_text=_("Tick when agreeing shows a less positive attitude to advocacy."),
    )
    subscale = models.CharField(
        _("subscale"),
        max_length=60,
        blank=True,
        help_text=_("For example: value, threat, confidence."),
    )
    myth_fact = models.TextField(
        _("what the evidence says"),
        blank=True,
        help_text=_("Shown with the learner's own change, to answer the worry behind it."),
    )

    type_label = _("Attitude statement")
    template_name = "quizzes/questions/likert.html"
    scored = False
    snapshot_fields = ("reverse_scored", "subscale", "myth_fact")
    panels = [
        FieldPanel("text"),
        FieldPanel("reverse_scored"),
        FieldPanel("subscale"),
        FieldPanel("myth_fact"),
        FieldPanel("tags"),
    ]

    class Meta:
        verbose_name = _("attitude statement")

    def widget_options(self) -> list[dict]:
        return [{"id": str(value), "text": label} for value, label in self.SCALE]

    def answer_labels(self, answer) -> list[str]:
        return [str(label) for value, label in self.SCALE if value == answer]

    def clean_response(self, raw) -> int:
        value = _single_value(raw)
        if value not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
        return int(value)

    def score(self, answer) -> Decimal:
        return Decimal(0)

    def attitude_value(self, answer: int) -> int:
        """The answer on a scale where 5 is always the most positive attitude to advocacy."""
        return 6 - answer if self.reverse_scored else answer

    def feedback(self, answer) -> Feedback:
        return Feedback(correct=None, message=self.myth_fact)


class FillInBlanksQuestion(Question):
    """H5P-style gaps: write the passage with each answer between asterisks, for example
    ``An IMHA is *independent* of the team``; give alternatives with a slash: ``*CTO/community
    treatment order*``."""

    passage = models.TextField(
        _("passage with gaps"),
        help_text=_("Put each answer between asterisks: *answer*. Alternatives: *one/another*."),
    )
    case_sensitive = models.BooleanField(_("case sensitive"), default=False)

    type_label = _("Fill in the blanks")
    template_name = "quizzes/questions/fill_in_blanks.html"
    snapshot_fields = ("passage", "case_sensitive")
    panels = [
        FieldPanel("text"),
        FieldPanel("passage"),
        FieldPanel("case_sensitive"),
        *Question.common_panels,
    ]

    class Meta:
        verbose_name = _("fill in the blanks question")

    def clean(self):
        super().clean()
        if not self.blanks():
            raise ValidationError({"passage": _("Mark at least one gap with *asterisks*.")})

    def blanks(self) -> list[list[str]]:
        """The accepted answers for each gap, in order."""
        return [
            [alt.strip() for alt in match.split("/") if alt.strip()]
            for match in BLANK.findall(self.passage or "")
        ]

    def segments(self) -> list[dict]:
        """The passage as text and numbered gaps: what the widget shows. Never the answers."""
        parts, position = [], 0
        for index, match in enumerate(BLANK.finditer(self.passage or "")):
            parts.append({"text": self.passage[position : match.start()]})
            parts.append({"blank": str(index), "number": index + 1})
            position = match.end()
        parts.append({"text": (self.passage or "")[position:]})
        return parts

    def option_ids(self) -> list[str]:
        return []

    def answer_labels(self, answer) -> list[str]:
        return list(answer)

    def clean_response(self, raw) -> list[str]:
        count = len(self.blanks())
        if isinstance(raw, list | tuple) and len(raw) == count:
            raw = {str(i): value for i, value in enumerate(raw)}
        values = _string_dict(raw, keys={str(i) for i in range(count)})
        answer = [values.get(str(i), "") for i in range(count)]
        if not any(answer):
            raise ValidationError(ERROR_BLANKS_INCOMPLETE, code="required")
        return answer

    def _matches(self, given: str, accepted: list[str]) -> bool:
        given = " ".join(given.split())
        if self.case_sensitive:
            return given in accepted
        return given.casefold() in {a.casefold() for a in accepted}

    def score(self, answer) -> Decimal:
        blanks = self.blanks()
        right = sum(
            1
            for given, accepted in zip(answer, blanks, strict=False)
            if self._matches(given, accepted)
        )
        return fraction_of(self.max_points(), right, len(blanks))

    def feedback(self, answer) -> Feedback:
        blanks = self.blanks()
        all_right = len(answer) == len(blanks) and all(
            self._matches(given, accepted) for given, accepted in zip(answer, blanks, strict=True)
        )
        return Feedback(
            correct=all_right,
            message=self.explanation,
            correct_answer_label="; ".join(accepted[0] for accepted in blanks),
        )


class OrderingQuestion(Question):
    """Put steps in order. Learners give each item a position from a list, so no dragging is
    needed (WCAG 2.5.7); the items are always shown shuffled."""

    items = StreamField(
        [("item", blocks.CharBlock(max_length=300, label=_("Step")))],
        use_json_field=True,
        help_text=_("Enter the steps in the right order; learners see them shuffled."),
    )
    partial_credit = models.BooleanField(
        _("partial credit"), default=False, help_text=_("Give a share for each item in place.")
    )

    type_label = _("Ordering")
    template_name = "quizzes/questions/ordering.html"
    always_shuffle = True
    snapshot_fields = ("items", "partial_credit")
    panels = [
        FieldPanel("text"),
        FieldPanel("items"),
        FieldPanel("partial_credit"),
        *Question.common_panels,
    ]

    class Meta:
        verbose_name = _("ordering question")

    def clean(self):
        super().clean()
        if len(self.items) < 2:
            raise ValidationError({"items": _("Give at least two steps.")})

    def option_ids(self) -> list[str]:
        return [child.id for child in self.items]

    def widget_options(self) -> list[dict]:
        items = [{"id": child.id, "text": child.value} for child in self.items]
        return self.in_display_order(items)

    def positions(self) -> list[int]:
        return list(range(1, len(self.items) + 1))

    def answer_labels(self, answer) -> list[str]:
        text = {child.id: child.value for child in self.items}
        return [text.get(key, "") for key in answer]

    def clean_response(self, raw) -> list[str]:
        ids = self.option_ids()
        values = _string_dict(raw, keys=set(ids))
        if len(values) != len(ids) or not all(values.values()):
            raise ValidationError(ERROR_ORDER_INCOMPLETE, code="required")
        allowed = {str(p) for p in self.positions()}
        if any(value not in allowed for value in values.values()):
            raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
        if len(set(values.values())) != len(ids):
            raise ValidationError(ERROR_ORDER_INCOMPLETE, code="invalid")
        return sorted(ids, key=lambda key: int(values[key]))

    def score(self, answer) -> Decimal:
        ids = self.option_ids()
        right = sum(1 for given, expected in zip(answer, ids, strict=False) if given == expected)
        if not self.partial_credit:
            return self.max_points() if right == len(ids) else Decimal(0)
        return fraction_of(self.max_points(), right, len(ids))

    def feedback(self, answer) -> Feedback:
        return Feedback(
            correct=list(answer) == self.option_ids(),
            message=self.explanation,
            correct_answer_label=" → ".join(child.value for child in self.items),
        )


class MatchPairBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(max_length=300, label=_("Item"))
    match = blocks.CharBlock(max_length=300, label=_("Its match"))

    class Meta:
        icon = "link"


class MatchingQuestion(Question):
    """Match each item to its pair by choosing from a list: no dragging (WCAG 2.5.7)."""

    pairs = StreamField([("pair", MatchPairBlock())], use_json_field=True)
    partial_credit = models.BooleanField(
        _("partial credit"), default=True, help_text=_("Give a share for each right match.")
    )

    type_label = _("Matching")
    template_name = "quizzes/questions/matching.html"
    always_shuffle = True
    snapshot_fields = ("pairs", "partial_credit")
    panels = [
        FieldPanel("text"),
        FieldPanel("pairs"),
        FieldPanel("partial_credit"),
        *Question.common_panels,
    ]

    class Meta:
        verbose_name = _("matching question")

    def clean(self):
        super().clean()
        if len(self.pairs) < 2:
            raise ValidationError({"pairs": _("Give at least two pairs.")})

    def _key(self, pair_id: str) -> str:
        """An opaque id for a match, so the page cannot pair items by comparing ids."""
        message = f"{self.pk}:{pair_id}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:12]

    def prompts(self) -> list[dict]:
        return [{"id": child.id, "text": child.value["prompt"]} for child in self.pairs]

    def option_ids(self) -> list[str]:
        return [self._key(child.id) for child in self.pairs]

    def widget_options(self) -> list[dict]:
        items = [{"id": self._key(child.id), "text": child.value["match"]} for child in self.pairs]
        return self.in_display_order(items)

    def answer_labels(self, answer) -> list[str]:
        matches = {self._key(child.id): child.value["match"] for child in self.pairs}
        return [
            f"{child.value['prompt']} → {matches.get(answer.get(child.id, ''), '')}"
            for child in self.pairs
        ]

    def clean_response(self, raw) -> dict[str, str]:
        prompt_ids = {child.id for child in self.pairs}
        values = _string_dict(raw, keys=prompt_ids)
        if len(values) != len(prompt_ids) or not all(values.values()):
            raise ValidationError(ERROR_MATCH_INCOMPLETE, code="required")
        if not set(values.values()) <= set(self.option_ids()):
            raise ValidationError(ERROR_NOT_AN_OPTION, code="invalid")
        return values

    def score(self, answer) -> Decimal:
        right = sum(1 for child in self.pairs if answer.get(child.id) == self._key(child.id))
        if not self.partial_credit:
            return self.max_points() if right == len(self.pairs) else Decimal(0)
        return fraction_of(self.max_points(), right, len(self.pairs))

    def feedback(self, answer) -> Feedback:
        right = all(answer.get(child.id) == self._key(child.id) for child in self.pairs)
        return Feedback(
            correct=right,
            message=self.explanation,
            correct_answer_label="; ".join(
                f"{child.value['prompt']} → {child.value['match']}" for child in self.pairs
            ),
        )


class FreeTextQuestion(Question):
    """A written reflection: kept, never scored. A minimum length asks for a real answer."""

    min_length = models.PositiveIntegerField(_("minimum length (characters)"), default=50)
    max_length = models.PositiveIntegerField(_("maximum length (characters)"), default=3000)

    type_label = _("Free-text reflection")
    template_name = "quizzes/questions/free_text.html"
    scored = False
    snapshot_fields = ("min_length", "max_length")
    panels = [
        FieldPanel("text"),
        FieldPanel("min_length"),
        FieldPanel("max_length"),
        FieldPanel("explanation"),
        FieldPanel("learning_outcome"),
        FieldPanel("tags"),
    ]

    class Meta:
        verbose_name = _("free-text reflection")

    def clean(self):
        super().clean()
        if self.max_length > MAX_RAW_TEXT or self.min_length >= self.max_length:
            raise ValidationError(
                {"max_length": _("The maximum must be above the minimum and at most 5000.")}
            )

    def answer_labels(self, answer) -> list[str]:
        return [answer]

    def clean_response(self, raw) -> str:
        if isinstance(raw, list | tuple):
            raw = raw[0] if len(raw) == 1 else None
        if not isinstance(raw, str) or not raw.strip():
            raise ValidationError(ERROR_NO_ANSWER, code="required")
        text = raw.strip().replace("\r\n", "\n")
        if len(text) < self.min_length:
            raise ValidationError(ERROR_TOO_SHORT % {"min": self.min_length}, code="short")
        if len(text) > self.max_length:
            raise ValidationError(ERROR_TOO_LONG % {"max": self.max_length}, code="long")
        return text

    def score(self, answer) -> Decimal:
        return Decimal(0)

    def feedback(self, answer) -> Feedback:
        return Feedback(correct=None, message=self.explanation)


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
