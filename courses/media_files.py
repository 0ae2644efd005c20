"""What a film upload is, read from its bytes: the container, and the length an MP4 declares in
its movie header. Nothing here trusts the file name or the browser."""

from __future__ import annotations

import struct

MAX_BOXES = 10_000  # boxes walked, at any depth: seeking past a box's data costs nothing
MAX_SECONDS = 6 * 3600


def container(head: bytes) -> str | None:
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    return None


def _boxes(handle, end, budget):
    while handle.tell() + 8 <= end and budget[0] > 0:
        budget[0] -= 1
        start = handle.tell()
        size, kind = struct.unpack(">I4s", handle.read(8))
        header = 8
        if size == 1:
            size = struct.unpack(">Q", handle.read(8))[0]
            header = 16
        elif size == 0:
            size = end - start
        if size < header or start + size > end:
            if size < header:
                return
            size = end - start  # a box that claims to run past the file ends with it
        yield kind, start, start + header, start + size
        handle.seek(start + size)


def mp4_seconds(handle) -> int | None:
    """The length an MP4 declares (moov/mvhd), rounded up to whole seconds; None when it does not
    say, or says something no film is (0, "unknown", more than six hours)."""
    budget = [MAX_BOXES]
    try:
        handle.seek(0, 2)
        end = handle.tell()
        handle.seek(0)
        for kind, _start, body, box_end in _boxes(handle, end, budget):
            if kind != b"moov":
                continue
            handle.seek(body)
            for inner, _s, inner_body, _e in _boxes(handle, min(box_end, end), budget):
                if inner != b"mvhd":
                    continue
                handle.seek(inner_body)
                version = handle.read(1)[0]
                handle.read(3)
                if version == 1:
                    _c, _m, scale, duration = struct.unpack(">QQIQ", handle.read(28))
                else:
                    _c, _m, scale, duration = struct.unpack(">IIII", handle.read(16))
                if not scale or duration in (0, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF):
                    return None
                seconds = -(-duration // scale)
                return seconds if 1 <= seconds <= MAX_SECONDS else None
    except (OSError, OverflowError, ValueError, struct.error, IndexError):
        return None
    finally:
        handle.seek(0)
    return None
