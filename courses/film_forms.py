"""The one form a trainer fills in for a film: the video and its captions uploaded together,
an audio description if there is one, and the transcript (drafted from the captions)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import media_files, webvtt

MAX_VIDEO_BYTES = 500 * 1024 * 1024
MAX_TRACK_BYTES = 2 * 1024 * 1024


def _read_track(upload, what) -> list:
    if upload.size > MAX_TRACK_BYTES:
        raise forms.ValidationError(_("%(what)s must be smaller than 2 MB.") % {"what": what})
    upload.seek(0)
    text = upload.read().decode("utf-8", "replace")
    upload.seek(0)
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise forms.ValidationError(
            _("%(what)s must be a WebVTT file: its first line reads WEBVTT.") % {"what": what}
        )
    cues = webvtt.parse(text)
    if not cues:
        raise forms.ValidationError(_("%(what)s has no timed lines in it.") % {"what": what})
    return cues


class FilmForm(WagtailAdminModelForm):
    video_file = forms.FileField(
        label=_("Video"),
        required=False,
        help_text=_("An MP4 or WebM file."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    captions_file = forms.FileField(
        label=_("Captions"),
        required=False,
        help_text=_("A WebVTT (.vtt) file of everything that is said. Every film needs them."),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )
    descriptions_file = forms.FileField(
        label=_("Audio description (optional)"),
        required=False,
        help_text=_("A WebVTT file describing what the film shows and does not say."),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )

    def clean_video_file(self):
        upload = self.cleaned_data.get("video_file")
        if not upload:
            if not self.instance.pk:
                raise forms.ValidationError(_("Choose the video file to upload"))
            return None
        if upload.size > MAX_VIDEO_BYTES:
            raise forms.ValidationError(_("The video must be smaller than 500 MB."))
        head = upload.read(16)
        upload.seek(0)
        if media_files.container(head) is None:
            raise forms.ValidationError(_("The video must be an MP4 or WebM file."))
        return upload

    def clean_captions_file(self):
        upload = self.cleaned_data.get("captions_file")
        if not upload:
            if not self.instance.pk:
                raise forms.ValidationError(_("Choose the captions file (WebVTT) to upload"))
            return None
        self.caption_cues = _read_track(upload, _("The captions file"))
        return upload

    def clean_descriptions_file(self):
        upload = self.cleaned_data.get("descriptions_file")
        if upload:
            _read_track(upload, _("The audio description file"))
        return upload or None

    def save(self, commit=True):
        from .services import film_save

        film = super().save(commit=False)
        if not commit:
            return film
        return film_save(
            film=film,
            video=self.cleaned_data.get("video_file"),
            captions=self.cleaned_data.get("captions_file"),
            descriptions=self.cleaned_data.get("descriptions_file"),
        )
