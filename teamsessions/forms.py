import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import SafeTextFormMixin

from . import selectors
from .models import TeamSession


class SessionForm(SafeTextFormMixin, forms.Form):
    """Plan a session: which course or module, for which team, when, where and for how many."""

    nhs_phrases = {
        "course": _("the course"),
        "unit": _("the team"),
        "day": _("the day of the session"),
        "start": _("the start time"),
        "end": _("the end time"),
        "capacity": _("the number of places"),
    }

    course = forms.ModelChoiceField(queryset=None, label=_("Course"))
    module = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Module (optional)"),
        help_text=_("Leave empty for a session on the whole course."),
    )
    unit = forms.ModelChoiceField(queryset=None, label=_("Team or ward"))
    facilitator_role = forms.ChoiceField(
        choices=TeamSession.FacilitatorRole.choices, label=_("You are facilitating as")
    )
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("For example, the ward's day room. Leave empty for a video call."),
    )
    video_link = forms.URLField(
        label=_("Video link (optional)"), max_length=500, required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=200, initial=12)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import CoursePage, ModulePage
        from organisation.models import OrgUnit

        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["module"].queryset = ModulePage.objects.live().order_by("path")
        units = selectors.facilitator_units(user)
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["unit"].label_from_instance = lambda unit: unit.name
        self.fields["facilitator_role"].initial = selectors.facilitator_roles_default(user)

    def clean(self):
        cleaned = super().clean()
        course, module = cleaned.get("course"), cleaned.get("module")
        if course and module and not module.is_descendant_of(course):
            self.add_error("module", _("Choose a module of this course, or leave it empty."))
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and start and end:
            zone = timezone.get_current_timezone()
            starts_at = datetime.datetime.combine(day, start, tzinfo=zone)
            ends_at = datetime.datetime.combine(day, end, tzinfo=zone)
            if ends_at <= starts_at:
                self.add_error("end", _("The end time must be after the start time."))
            elif ends_at - starts_at > datetime.timedelta(hours=8):
                self.add_error("end", _("A session can be up to 8 hours long."))
            elif ends_at <= timezone.now():
                self.add_error("day", _("Choose a day and time that has not passed."))
            cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        if not cleaned.get("place") and not cleaned.get("video_link") and not self.errors:
            self.add_error("place", _("Enter the place, or a video link."))
        return cleaned

    def session_data(self) -> dict:
        data = self.cleaned_data
        return {
            field: data[field]
            for field in (
                "course",
                "module",
                "unit",
                "facilitator_role",
                "starts_at",
                "ends_at",
                "place",
                "video_link",
                "capacity",
            )
        }


class CodeForm(SafeTextFormMixin, forms.Form):
    nhs_phrases = {"code": _("the code on the shared screen")}

    code = forms.CharField(
        label=_("Session code"),
        max_length=20,
        help_text=_("The 6 letters and numbers on the shared screen."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class TimesForm(forms.Form):
    arrived = forms.TimeField(label=_("Arrived"), widget=forms.TimeInput(attrs={"type": "time"}))
    left = forms.TimeField(
        label=_("Left"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def moments(self, session):
        """The times as moments on the session's day."""
        zone = timezone.get_current_timezone()
        day = timezone.localtime(session.starts_at).date()
        arrived = datetime.datetime.combine(day, self.cleaned_data["arrived"], tzinfo=zone)
        left = self.cleaned_data.get("left")
        return arrived, (datetime.datetime.combine(day, left, tzinfo=zone) if left else None)
