"""Questions where the learner rates or writes: attitude statements (Likert), fill in
the blanks, free-text reflections.

Each type scores itself; see ``questions.Question`` for the interface.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .questions import (
    ERROR_NO_ANSWER,
    ERROR_NOT_AN_OPTION,
    MAX_RAW_TEXT,
    Feedback,
    Question,
    _single_value,
    _string_dict,
    fraction_of,
)

ERROR_BLANKS_INCOMPLETE = _("Fill in every gap.")
ERROR_TOO_SHORT = _("Write at least %(min)s characters.")
ERROR_TOO_LONG = _("Write no more than %(max)s characters.")
BLANK = re.compile(r"\*([^*\n]+)\*")


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

    def clean_draft(self, raw) -> list[str]:
        count = len(self.blanks())
        values = _string_dict(raw, keys={str(i) for i in range(count)})
        return [values.get(str(i), "") for i in range(count)]

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

    def clean_draft(self, raw) -> str:
        if isinstance(raw, list | tuple):
            raw = raw[0] if len(raw) == 1 else ""
        if not isinstance(raw, str):
            return None
        return raw.replace("\r\n", "\n")[: self.max_length]

    def score(self, answer) -> Decimal:
        return Decimal(0)

    def feedback(self, answer) -> Feedback:
        return Feedback(correct=None, message=self.explanation)
