"""Film files are read by their bytes, and a header that lies is not believed."""

import io
import struct
from pathlib import Path

from courses import media_files, webvtt

FILM = Path(__file__).resolve().parents[2] / "demo" / "film" / "imha-intro.mp4"


def _mp4(scale: int, duration: int, *, padding: int = 0) -> io.BytesIO:
    ftyp = struct.pack(">I4s4sI", 16, b"ftyp", b"isom", 0)
    mdat = struct.pack(">I4s", 8 + padding, b"mdat") + b"\0" * padding
    mvhd_body = b"\0\0\0\0" + struct.pack(">IIII", 0, 0, scale, duration)
    mvhd = struct.pack(">I4s", 8 + len(mvhd_body), b"mvhd") + mvhd_body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    return io.BytesIO(ftyp + mdat + moov)


def test_the_demo_film_says_it_is_101_seconds():
    with FILM.open("rb") as handle:
        assert media_files.container(handle.read(16)) == "mp4"
        assert media_files.mp4_seconds(handle) == 101


def test_the_index_after_the_video_data_is_still_found():
    assert media_files.mp4_seconds(_mp4(1000, 42_500, padding=100_000)) == 43


def test_unknown_or_impossible_lengths_are_not_believed():
    assert media_files.mp4_seconds(_mp4(1000, 0xFFFFFFFF)) is None
    assert media_files.mp4_seconds(_mp4(1, 7 * 3600)) is None
    assert media_files.mp4_seconds(_mp4(0, 100)) is None
    assert media_files.mp4_seconds(io.BytesIO(b"\0\0\0\x01moov" + b"\xff" * 8)) is None
    assert media_files.mp4_seconds(io.BytesIO(b"not a film")) is None
    assert media_files.container(b"GIF89a..........") is None


def test_caption_entities_read_as_text():
    cues = webvtt.parse("WEBVTT\n\n00:01.000 --> 00:02.000\nCare &amp; treatment &lt;3\n")
    assert cues[0].text == "Care & treatment <3"
