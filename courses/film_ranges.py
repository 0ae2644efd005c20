"""Arithmetic on the ranges of a film a learner has played: plain functions, no database.

A range is ``[start, end]`` in seconds. The player reports the ranges it played; the server cleans
them, clamps them to the film and merges them with what it already has.
"""

from __future__ import annotations

import math

MAX_SEGMENTS = 500
MAX_FILM_SECONDS = 6 * 3600
JOIN_GAP_SECONDS = 0.5


class InvalidRanges(ValueError):
    """The reported ranges cannot be read."""


def merge_segments(segments: list[list[float]]) -> list[list[float]]:
    """Sort and join overlapping, touching or contained ranges."""
    merged: list[list[float]] = []
    for start, end in sorted(segments):
        if merged and start <= merged[-1][1] + JOIN_GAP_SECONDS:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def seconds_covered(segments: list[list[float]]) -> float:
    return sum(end - start for start, end in segments)


def clean_segments(raw, *, duration: float) -> list[list[float]]:
    """Validated [start, end] pairs inside the film, or InvalidRanges."""
    if not isinstance(raw, list) or len(raw) > MAX_SEGMENTS:
        raise InvalidRanges(raw)
    cleaned = []
    for pair in raw:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise InvalidRanges(pair)
        start, end = pair
        if (
            isinstance(start, bool)
            or isinstance(end, bool)
            or not all(isinstance(v, int | float) for v in pair)
        ):
            raise InvalidRanges(pair)
        try:
            start, end = float(start), float(end)
        except OverflowError:
            raise InvalidRanges(pair) from None
        if not (math.isfinite(start) and math.isfinite(end)) or start < 0 or end < start:
            raise InvalidRanges(pair)
        start, end = min(start, duration), min(end, duration)
        if end > start:
            cleaned.append([round(start, 2), round(end, 2)])
    return cleaned


def film_parts(block_value) -> dict:
    """What a film block shows: its library film's video, tracks and transcript when it has one,
    else the parts given in the block itself."""
    film = block_value.get("film")
    if film is not None:
        return {
            "title": block_value.get("title") or film.title,
            "video": film.video,
            "embed_url": "",
            "captions": film.captions,
            "descriptions": film.descriptions,
            "transcript": film.transcript,
            "duration": block_value.get("duration") or film.duration,
        }
    return {
        name: block_value.get(name)
        for name in ("title", "video", "embed_url", "captions", "descriptions", "transcript")
    } | {"duration": block_value.get("duration")}


def film_duration(block_value) -> float | None:
    """The film's length as the server knows it: the trainer's figure, the library film's, then
    the media file's. The player's own report is never used, so a client cannot shorten the film
    it must watch."""
    parts = film_parts(block_value)
    if parts["duration"] and 1 <= parts["duration"] <= MAX_FILM_SECONDS:
        return float(parts["duration"])
    video = parts["video"]
    seconds = getattr(video, "duration", 0) if video is not None else 0
    if seconds and 1 <= seconds <= MAX_FILM_SECONDS:
        return float(seconds)
    return None
