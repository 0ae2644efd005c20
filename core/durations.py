"""Hours as people say them: "2 hours 30 minutes", "1 hour", "45 minutes"."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import ngettext


def hours_in_words(hours) -> str:
    minutes = int((Decimal(str(hours or 0)) * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    whole, rest = divmod(max(minutes, 0), 60)
    parts = []
    if whole:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", whole) % {"n": whole})
    if rest or not whole:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest})
    return " ".join(parts)
