"""Questions where the learner arranges: ordering, and matching (with opaque option ids).

Each type scores itself; see ``questions.Question`` for the interface.
"""

from __future__ import annotations

import hashlib
import hmac
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from .questions import (
    ERROR_NOT_AN_OPTION,
    Feedback,
    Question,
    _string_dict,
    fraction_of,
)

ERROR_ORDER_INCOMPLETE = _("Give every item a different position.")
ERROR_MATCH_INCOMPLETE = _("Choose a match for every item.")


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
            raise ValidationError(ERROR_ORDER_INCOMPLETE, code="incomplete")
        return sorted(ids, key=lambda key: int(values[key]))

    def clean_draft(self, raw) -> dict[str, str]:
        allowed = {str(p) for p in self.positions()}
        values = _string_dict(raw, keys=set(self.option_ids()))
        return {key: value for key, value in values.items() if value in allowed}

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

    def clean_draft(self, raw) -> dict[str, str]:
        values = _string_dict(raw, keys={child.id for child in self.pairs})
        options = set(self.option_ids())
        return {key: value for key, value in values.items() if value in options}

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
