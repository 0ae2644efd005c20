"""A film in the library: the video, its captions and audio description, and its transcript, kept
together as one thing a trainer uploads once and puts in any module."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from ..film_forms import FilmForm

TRANSCRIPT_FEATURES = ["h3", "bold", "italic", "ol", "ul"]


class Film(index.Indexed, models.Model):
    title = models.CharField(_("title"), max_length=200)
    video = models.ForeignKey(
        "wagtailmedia.Media", on_delete=models.PROTECT, related_name="+", editable=False
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", editable=False
    )
    descriptions = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    transcript = RichTextField(
        _("transcript"),
        features=TRANSCRIPT_FEATURES,
        blank=True,
        help_text=_(
            "Taken from the captions when you upload them. Check it reads well, and add who "
            "is speaking and anything the captions leave out."
        ),
    )
    duration = models.PositiveIntegerField(
        _("length in seconds"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(6 * 3600)],
        help_text=_("Read from the video file. Change it only if the file does not say."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]
    base_form_class = FilmForm

    panels = [
        FieldPanel("title"),
        HelpPanel(template="courses/admin/film_player.html", heading=_("The film")),
        FieldPanel("video_file"),
        FieldPanel("captions_file"),
        FieldPanel("descriptions_file"),
        FieldPanel("transcript"),
        FieldPanel("duration"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("film")

    def __str__(self) -> str:
        return self.title
