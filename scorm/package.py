"""A course's SCORM package: the manifest of its version, the launcher page, its script and its
styles, zipped. Nothing of the course's content goes in: it stays in Bridge (dispatch)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.text import slugify

from .models import Dispatch

FILES = ("index.html", "bridge-dispatch.js", "bridge-dispatch.css")
STATIC = Path(__file__).resolve().parent / "package_files"  # copied as they are
POLL_SECONDS = 5


def manifest(dispatch: Dispatch) -> str:
    name = (
        "imsmanifest_12.xml"
        if dispatch.version == Dispatch.Version.SCORM_12
        else ("imsmanifest_2004.xml")
    )
    return render_to_string(
        f"scorm/package/{name}", {"dispatch": dispatch, "course": dispatch.course, "files": FILES}
    )


def launcher(dispatch: Dispatch, *, base_url: str) -> str:
    config = {
        "version": dispatch.version,
        "dispatch": str(dispatch.pk),
        "bridge": base_url.rstrip("/"),
        "lms_name": dispatch.lms_name,
        "poll_seconds": POLL_SECONDS,
    }
    # Inside <script type="application/json">: nothing in it may close the element.
    text = (
        json.dumps(config).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return render_to_string(
        "scorm/package/index.html",
        {
            "dispatch": dispatch,
            "course": dispatch.course,
            "base_url": config["bridge"],
            "config": text,
        },
    )


def build(dispatch: Dispatch, *, base_url: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest(dispatch))
        archive.writestr("index.html", launcher(dispatch, base_url=base_url))
        for name in FILES[1:]:
            archive.writestr(name, (STATIC / name).read_bytes())
    return buffer.getvalue()


def filename(dispatch: Dispatch) -> str:
    version = "scorm12" if dispatch.version == Dispatch.Version.SCORM_12 else "scorm2004"
    return f"{slugify(dispatch.course.title)[:60]}-{version}-{str(dispatch.pk)[:8]}.zip"
