"""The image upload form trainers use: a file that is not a readable image is refused with a
message instead of an error page (Pillow raises rather than returning a form error)."""

from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from wagtail.images.forms import BaseImageForm

ERROR_NOT_AN_IMAGE = _("This file is not an image Bridge can use. Upload a PNG, JPEG, GIF or WebP.")


class SafeImageForm(BaseImageForm):
    def _clean_fields(self):
        try:
            super()._clean_fields()
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
            self.cleaned_data.pop("file", None)
            self.add_error("file", ERROR_NOT_AN_IMAGE)
