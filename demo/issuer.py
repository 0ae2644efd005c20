"""The demonstration trust as certificate issuer: its name, a signatory, and a logo and signature
drawn here (no image files to ship), so a demo certificate looks like a real one."""

from __future__ import annotations

import io
import math

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Site

from certificates.models import CertificateSettings

ISSUER = "Bridge Demonstration NHS Foundation Trust"
SIGNATORY = ("Dr Morgan Ellis", "Director of Nursing")
_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _font(size):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(_BOLD, size)
    except OSError:
        return ImageFont.load_default(size)


def _png(draw_on, size) -> io.BytesIO:
    from PIL import Image

    image = Image.new("RGBA", size, (255, 255, 255, 0))
    draw_on(image)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def _logo(image):
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 150, 120), fill=(0, 94, 184, 255))
    draw.text((75, 60), "B", font=_font(72), fill="white", anchor="mm")
    draw.text((170, 36), "Bridge Demonstration", font=_font(30), fill=(0, 48, 135, 255))
    draw.text((170, 84), "NHS Foundation Trust", font=_font(30), fill=(0, 48, 135, 255))


def _signature(image):
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    points = [
        (20 + x * 3.4, 70 - 28 * math.sin(x / 9) * math.exp(-x / 120) - (x % 23) * 0.6)
        for x in range(0, 150)
    ]
    draw.line(points, fill=(33, 43, 50, 255), width=4, joint="curve")
    draw.line([(60, 100), (470, 92)], fill=(33, 43, 50, 255), width=3)


def issuer_ensure() -> CertificateSettings:
    """Set the demo issuer once; a trust's own details, once saved, are never overwritten."""
    site = Site.objects.get(is_default_site=True)
    row = CertificateSettings.for_site(site)
    if row.pk and row.logo_id:
        return row
    image_model = get_image_model()
    logo = image_model(title="Demonstration trust logo")
    logo.file = ImageFile(_png(_logo, (560, 120)), name="demo-trust-logo.png")
    logo.save()
    signature = image_model(title="Demonstration signature")
    signature.file = ImageFile(_png(_signature, (520, 120)), name="demo-signature.png")
    signature.save()
    row.issuer_name = ISSUER
    row.signatory_name, row.signatory_role = SIGNATORY
    row.logo, row.signature = logo, signature
    row.save()
    return row
