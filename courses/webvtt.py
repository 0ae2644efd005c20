"""Reading a WebVTT file's cues: start, end and text. Enough of the format for captions and
audio descriptions made by people and tools (cue ids, settings after the times, notes, styles)."""

from __future__ import annotations

import dataclasses
import html
import re

from django.core.cache import cache

_TIME = r"(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s+-->\s+{_TIME}")
_TAG = re.compile(r"<[^>]+>")
MAX_BYTES = 2_000_000


@dataclasses.dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def _seconds(hours, minutes, seconds, millis) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse(text: str) -> list[Cue]:
    cues = []
    for block in re.split(r"\r?\n\s*\r?\n", text.lstrip("\ufeff")):
        lines = [line for line in block.splitlines() if line.strip()]
        for index, line in enumerate(lines):
            match = _TIMING.match(line)
            if match:
                parts = match.groups()
                words = " ".join(
                    html.unescape(_TAG.sub("", line)).strip() for line in lines[index + 1 :]
                )
                if words:
                    cues.append(Cue(_seconds(*parts[:4]), _seconds(*parts[4:]), words))
                break
    return sorted(cues, key=lambda cue: cue.start)


def document_cues(document) -> list[Cue]:
    """The cues of a WebVTT document from the library, cached by its content hash."""
    if document is None:
        return []
    key = f"bridge:vtt:{document.pk}:{document.file_hash or document.file.name}"
    cues = cache.get(key)
    if cues is None:
        try:
            with document.file.open("rb") as handle:
                cues = parse(handle.read(MAX_BYTES).decode("utf-8", "replace"))
        except OSError:
            cues = []
        cache.set(key, cues, 24 * 3600)
    return cues
