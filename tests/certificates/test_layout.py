"""The certificate as it would hang on a wall: one A4 page, every piece inside the frame, nothing
on top of anything else, the lower half used, with a PNG of it kept in test-results/certificate/.

The layout boxes come from weasyprint itself (the same render that makes the PDF); the picture is
the PDF drawn by pdfium, so what is checked is what prints."""

import io
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from django.utils import timezone
from wagtail.models import Site

from certificates import rendering, services
from certificates.models import CertificateSettings
from courses.models import CourseCompletion
from tests.builders import make_user

pytestmark = pytest.mark.django_db

RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "certificate"
SECTIONS = ["top", "centre", "columns", "bottom"]


def _image(name, colour):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 120), colour).save(buffer, "PNG")
    return Image.objects.create(title=name, file=ImageFile(buffer, name=f"{name}.png"))


@pytest.fixture
def issuer(db):
    row = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    row.issuer_name = "Northfield Mental Health NHS Trust"
    row.signatory_name = "Dr Ada Okoye"
    row.signatory_role = "Director of Nursing and Quality"
    row.logo = _image("logo", "#005eb8")
    row.signature = _image("signature", "#212b32")
    row.save()
    return row


def _issue(user, course):
    completion = CourseCompletion.objects.create(
        user=user, course=course, completed_at=timezone.now()
    )
    return services.certificate_issue(completion=completion)


def _boxes(html):
    import weasyprint

    document = weasyprint.HTML(string=html, url_fetcher=rendering.url_fetcher()).render(
        stylesheets=[rendering.stylesheet(rendering.CERTIFICATE_STYLESHEET)],
        font_config=rendering._font_config(),
    )
    found, leaves = {}, []

    def walk(box):
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None else []
        for name in classes:
            found.setdefault(name, box)
        kind = type(box).__name__
        if kind in ("TextBox", "InlineReplacedBox", "BlockReplacedBox"):
            leaves.append(box)
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.pages[0]._page_box)
    return document, found, leaves


def _rect(box):
    return (
        box.border_box_x(),
        box.border_box_y(),
        box.border_box_x() + box.border_width(),
        box.border_box_y() + box.border_height(),
    )


def _overlap(a, b, slack=0.5):
    return (
        a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]
    )


def _check_layout(certificate, name):
    html = rendering.certificate_html(
        certificate,
        verify_url=services.verify_url(certificate.code),
        issuer=services.issuer_settings(),
    )
    # what prints: the PDF drawn to PNG; the lower half carries the signature and verify block
    pdf = rendering.certificate_pdf(html)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        image = opened.pages[0].to_image(resolution=72)
        image.save(RESULTS / f"{name}.png")
        picture = image.original.convert("L")
    document, found, leaves = _boxes(html)
    assert len(document.pages) == 1, "the certificate runs onto a second page"
    frame = _rect(found["frame"])
    inner = (frame[0] + 2, frame[1] + 2, frame[2] - 2, frame[3] - 2)
    for leaf in leaves:
        x0, y0, x1, y1 = _rect(leaf)
        label = getattr(leaf, "text", type(leaf).__name__)
        assert inner[0] <= x0 and x1 <= inner[2] and inner[1] <= y0 and y1 <= inner[3], (
            f"{label!r} overflows the frame"
        )
    # the four bands stack without touching, and the signature and verify blocks sit side by side
    bands = [_rect(found[section]) for section in SECTIONS]
    for upper, lower in zip(bands, bands[1:], strict=False):
        assert upper[3] <= lower[1] + 0.5, "two bands of the certificate overlap"
    assert not _overlap(_rect(found["sign"]), _rect(found["verify-box"]))
    # no two pieces of text or pictures are drawn over each other
    rects = [(_rect(leaf), leaf) for leaf in leaves if leaf.border_width() > 0]
    for i, (a, leaf_a) in enumerate(rects):
        for b, leaf_b in rects[i + 1 :]:
            first, second = getattr(leaf_a, "text", "image"), getattr(leaf_b, "text", "image")
            assert not _overlap(a, b, slack=1), f"{first!r} overlaps {second!r}"
    width, height = picture.size
    lower = picture.crop((0, height // 2, width, height))
    inked = sum(1 for value in lower.tobytes() if value < 200)
    assert inked > width * height * 0.01, "the lower half of the certificate is empty"
    return found


def test_the_demo_certificate_fits_one_page_with_nothing_overlapping(learner, course):
    from demo.issuer import ISSUER, issuer_ensure

    issuer_ensure()
    certificate = _issue(learner, course["course"])
    assert certificate.issuer_name == ISSUER and certificate.signatory_name
    found = _check_layout(certificate, "demo")
    assert "logo" in found and "signature" in found and "qr" in found
    issuer_ensure()  # a second load changes nothing
    assert CertificateSettings.objects.count() == 1


def test_the_longest_content_still_fits(issuer, course):
    page = course["course"]
    page.title = "Working with Independent Mental Health Advocates under the Mental Health Act"
    page.learning_outcomes = [
        {
            "type": "outcome",
            "value": f"Outcome {n}: explain a right a detained patient has, "
            "and how to tell them about it in a way they understand.",
        }
        for n in range(1, 7)
    ]
    page.cpd_hours = Decimal("12.5")
    page.participatory_hours = Decimal("2.5")
    page.code_themes = [
        "prioritise_people",
        "practise_effectively",
        "preserve_safety",
        "promote_professionalism",
    ]
    page.save_revision().publish()
    user = make_user(
        first_name="Anna-Maria Gwendolyn",
        last_name="Featherstonehaugh-Montgomery-Ñúñez",
        registration_number="12A3456E",
    )
    certificate = _issue(user, page)
    _check_layout(certificate, "longest")
