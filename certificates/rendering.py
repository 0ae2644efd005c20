"""Certificate PDFs: one template, one shared font configuration, and no file or network access."""

from __future__ import annotations

import base64
import functools
import io

import segno
from django.template.loader import render_to_string


@functools.cache
def url_fetcher():
    """A fetcher that only reads inline data: URLs. A certificate never reads a file or the network.

    Any other URL stops the render (fail_on_errors), rather than leaving a silent gap in the PDF.
    """
    from weasyprint.urls import URLFetcher

    return URLFetcher(
        allowed_protocols={"data"}, fail_on_errors=True, allow_redirects=False, timeout=2
    )


@functools.cache
def _font_config():
    # One per process: a new FontConfiguration per render leaks memory and is slower.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def stylesheet(template_name: str):
    """A PDF's stylesheet, parsed once per process: parsing the certificate's own CSS on every
    render was a seventh of its time."""
    import weasyprint

    return weasyprint.CSS(string=render_to_string(template_name), font_config=_font_config())


QR_PNG_SCALE = 8  # pixels a module: at 27 mm wide, about 300 dots an inch


def qr_data_uri(url: str, *, kind: str = "svg") -> str:
    """The QR code of ``url`` as a data: URI: an SVG for a screen, or a PNG (``kind="png"``) for
    the certificate, which weasyprint draws as one image instead of tracing the SVG's path (a
    quarter of the render), printed sharp by ``image-rendering: pixelated``."""
    buffer = io.BytesIO()
    code = segno.make(url, error="m")
    if kind == "png":
        code.save(buffer, kind="png", scale=QR_PNG_SCALE, dark="#212b32", light="#ffffff")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    # A standalone SVG (an <img> in a browser) needs its namespace; svg_inline leaves it out.
    code.save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=4, dark="#212b32", light="#ffffff"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


class RenderError(Exception):
    """The certificate template asked for something it may not have (a file or a URL)."""


def render_pdf(html: str, *, stylesheet_name: str | None = None) -> bytes:
    """A tagged PDF/UA-1 document from trusted HTML, reading nothing outside it, styled by its
    own ``<style>`` and, if named, a stylesheet template (parsed once: ``stylesheet``)."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    document = weasyprint.HTML(string=html, url_fetcher=url_fetcher(), base_url=None)
    try:
        return document.write_pdf(
            stylesheets=[stylesheet(stylesheet_name)] if stylesheet_name else None,
            font_config=_font_config(),
            pdf_variant="pdf/ua-1",
        )
    except FatalURLFetchingError as error:  # a BaseException: turn it into an ordinary error
        raise RenderError(str(error.__context__ or error)) from None


def image_data_uri(image, *, max_width: int = 600) -> str:
    """A Wagtail image as an inline PNG data: URI, so the renderer never opens a file itself."""
    if image is None:
        return ""
    try:
        rendition = image.get_rendition(f"max-{max_width}x{max_width}|format-png")
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except Exception:  # noqa: BLE001 - a missing or broken image must not stop a certificate
        return ""
    return "data:image/png;base64," + base64.b64encode(data).decode()


def is_long(certificate) -> bool:
    """Whether the certificate's words need the compact setting to stay on one page."""
    outcomes = certificate.learning_outcomes or []
    return (
        len(certificate.learner_name) > 34
        or len(certificate.course_title) > 55
        or len(outcomes) > 4
        or sum(len(str(outcome)) for outcome in outcomes) > 300
        or len(certificate.module_titles or []) > 6
    )


CERTIFICATE_STYLESHEET = "certificates/certificate_pdf.css"


def certificate_pdf(html: str) -> bytes:
    """The certificate's PDF from ``certificate_html``, with its stylesheet."""
    return render_pdf(html, stylesheet_name=CERTIFICATE_STYLESHEET)


def certificate_html(certificate, *, verify_url: str, issuer=None) -> str:
    return render_to_string(
        "certificates/certificate_pdf.html",
        {
            "certificate": certificate,
            "compact": is_long(certificate),
            "verify_url": verify_url,
            "qr": qr_data_uri(verify_url, kind="png"),
            "logo": image_data_uri(getattr(issuer, "logo", None), max_width=400),
            "signature": image_data_uri(getattr(issuer, "signature", None), max_width=400),
        },
    )
