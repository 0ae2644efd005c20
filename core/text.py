"""Text that a database can store and a person can read: no NUL bytes, no unpaired surrogates.

PostgreSQL refuses a NUL byte in text and JSON (a 500 if it gets that far); a lone UTF-16
surrogate cannot be encoded as UTF-8 at all. Both are refused at the edge, with a message.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from core import forms as nhs_forms

ERROR_UNSAFE_TEXT = _(
    "This contains a character that cannot be saved (a null character or a broken symbol). "
    "Remove it and try again."
)
_UNSAFE = re.compile("[\x00\ud800-\udfff]")


def is_unsafe(value: str) -> bool:
    return bool(_UNSAFE.search(value))


def validate_safe_text(value) -> None:
    """A field validator: refuse NUL bytes and unpaired surrogates."""
    if isinstance(value, str) and is_unsafe(value):
        raise ValidationError(ERROR_UNSAFE_TEXT, code="unsafe_text")


def contains_unsafe_text(value) -> bool:
    """Whether any string inside ``value`` (lists, dicts and their keys, walked without recursion)
    has a NUL byte or an unpaired surrogate. Callers bound the size (body caps, field limits)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if is_unsafe(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


class SafeTextFormMixin:
    """Every text field of the form refuses NUL bytes and unpaired surrogates with a form error.

    Django's CharField already refuses NUL; this adds unpaired surrogates and says both in
    Bridge's words. Other fields (choices, dates, numbers) already refuse such text as invalid.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        nhs_forms.apply(self)  # and every message in the NHS.UK voice
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = [
                    validator
                    for validator in field.validators
                    if not isinstance(validator, ProhibitNullCharactersValidator)
                ] + [validate_safe_text]
