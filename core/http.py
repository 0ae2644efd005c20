"""Reading JSON request bodies the same way everywhere, and refusing what cannot be used.

Every JSON endpoint reads its body through ``json_object``. It answers 400 with a message (never a
500) for a body that is not a JSON object, is nested more than ``MAX_DEPTH`` deep, holds a number
out of range or not finite (``NaN``, ``Infinity``, ``1e999``), or text with a NUL byte or an
unpaired surrogate; 413 for a body over the endpoint's size cap.
"""

from __future__ import annotations

import functools
import json
import math

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .converters import MAX_ID
from .text import contains_unsafe_text

MAX_DEPTH = 6  # the deepest body Bridge reads is {"segments": [[start, end], ...]}: 3 levels
MAX_INTEGER_DIGITS = 15  # every id, second and count fits; a float holds it exactly
MAX_NUMBER = 10.0**15


class BadBody(Exception):
    """The body cannot be used; ``response`` is the 4xx to send back."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
        self.response = JsonResponse({"error": message}, status=status)


def _refuse_number(_value):
    raise BadBody(_("A number in the data is out of range."))


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        _refuse_number(text)
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        _refuse_number(text)
    return value


def _check_depth(data) -> None:
    """Walked without recursion, so no body can exhaust the stack."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise BadBody(_("The data is nested too deeply."))
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def json_object(request, *, max_bytes: int) -> dict:
    """The request body as a JSON object, or BadBody (413 when too large, 400 otherwise)."""
    if len(request.body) > max_bytes:
        raise BadBody(_("Too much data."), status=413)
    try:
        data = json.loads(
            request.body or b"{}",
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_refuse_number,
        )
    except RecursionError:
        raise BadBody(_("The data is nested too deeply.")) from None
    except ValueError:  # includes a body that is not UTF-8
        raise BadBody(_("Send a JSON object.")) from None
    if not isinstance(data, dict):
        raise BadBody(_("Send a JSON object."))
    _check_depth(data)
    if contains_unsafe_text(data):
        raise BadBody(_("The data contains a character that cannot be saved."))
    return data


def id_or_none(value) -> int | None:
    """A database id from a form or JSON value, or None: never a number no id column can hold."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit() or len(value) > 10:
            return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number <= MAX_ID else None


def personal_download(view):
    """Mark a view's responses as one person's data: no browser, proxy or shared computer may
    keep a copy (``Cache-Control: private, no-store``)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped
