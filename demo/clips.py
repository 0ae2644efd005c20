"""Each demo question's own clip of the film: the stretch of captions that speaks to it.

A question's words (its text, explanation and options) are matched against each pair of
consecutive caption cues; the best pair inside the module's chapter wins, or anywhere in the film
if the chapter says nothing closer. A question can also name its clip in the content
(``"clip": [start, end]``), which always wins."""

from __future__ import annotations

import math
import re
from pathlib import Path

from courses import webvtt

WORD = re.compile(r"[a-z]{4,}")
COMMON = {
    "about",
    "after",
    "also",
    "because",
    "before",
    "being",
    "could",
    "does",
    "from",
    "have",
    "into",
    "just",
    "more",
    "must",
    "only",
    "other",
    "should",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "what",
    "when",
    "which",
    "while",
    "with",
    "would",
    "your",
    "patient",
    "patients",
}


def _words(text: str) -> set[str]:
    return {word for word in WORD.findall(text.lower()) if word not in COMMON}


def question_words(item: dict) -> set[str]:
    parts = [item.get("text", ""), item.get("explanation", ""), item.get("passage", "")]
    parts += [option.get("text", "") for option in item.get("options", [])]
    parts += list(item.get("items", []))
    parts += [" ".join(pair) for pair in item.get("pairs", [])]
    return _words(" ".join(parts))


class Clips:
    def __init__(self, captions: Path, *, after: float = 0):
        """``after``: where the film's content starts (its opening title card is no clip)."""
        cues = [cue for cue in webvtt.parse(captions.read_text()) if cue.start >= after]
        self.windows = [
            (cues[i].start, cues[i + 1].end, _words(cues[i].text + " " + cues[i + 1].text))
            for i in range(len(cues) - 1)
        ]

    def for_question(self, item: dict, chapter: dict | None) -> tuple[int, int] | None:
        if item.get("clip"):
            start, end = item["clip"]
            return int(start), int(end)
        wanted = question_words(item)
        best, best_score = None, 0.0
        for start, end, words in self.windows:
            score = len(wanted & words)
            if (
                chapter
                and chapter["start"] <= start
                and (not chapter["end"] or end <= chapter["end"] + 1)
            ):
                score += 0.5 if score else 0  # prefer the module's own chapter, on a tie
            if score > best_score:
                best, best_score = (math.floor(start), math.ceil(end)), score
        if best is None and chapter and chapter["end"]:
            return chapter["start"], chapter["end"]
        return best
