"""Verification codes that survive paper: 28 characters of Crockford's base 32 (140 random bits),
with no I, L, O or U to be mistaken for 1, 1, 0 or V, printed in groups of four.

A code is stored and linked in its plain form (`7K3M9ABC…`). People may type it with spaces or
hyphens, in either case, and with an O for a zero or an I or L for a one: `normalise` reads all of
those as the stored code. Codes issued before this scheme (22 URL-safe characters, case matters)
are still found exactly as printed."""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 28
GROUP = 4
BITS = LENGTH * 5  # 140

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.]+")
_LOOK_ALIKES = str.maketrans("OIL", "011")
_CANONICAL = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")
_LEGACY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str | None:
    """The stored form of a code as someone typed or pasted it, or None if it cannot be one."""
    typed = (typed or "").strip().strip("/")
    if len(typed) > 100:
        return None
    plain = _SEPARATORS.sub("", typed).upper().translate(_LOOK_ALIKES)
    if _CANONICAL.match(plain):
        return plain
    if _LEGACY.match(typed):
        return typed
    return None


def grouped(code: str) -> str:
    """`7K3M-9ABC-…` for reading; an older code is shown as it was issued."""
    if not _CANONICAL.match(code):
        return code
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
