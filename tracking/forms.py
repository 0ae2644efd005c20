from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import SafeModelChoiceField
from core.text import SafeTextFormMixin
from courses.models import CoursePage
from organisation.models import JobRole, OrgUnit

from . import status as st
from .models import Assignment


class DashboardFilter(SafeTextFormMixin, forms.Form):
    is_filter = True

    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.none(), required=False, label=_("Course")
    )
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False, label=_("Unit"))
    role = forms.ModelChoiceField(queryset=JobRole.objects.all(), required=False, label=_("Role"))
    status = forms.ChoiceField(choices=[("", _("Any status")), *st.STATUSES], required=False)
    completed_from = forms.DateField(
        required=False, label=_("Completed from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    completed_to = forms.DateField(
        required=False, label=_("Completed to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    law = forms.ChoiceField(
        label=_("Law"),
        required=False,
        choices=[
            ("", _("Any")),
            ("current", _("Trained on current law")),
            ("old", _("Trained on the law before a change")),
        ],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            pk__in=[u.pk for u in units]
        ).order_by("path")


class AssignmentForm(SafeTextFormMixin, forms.ModelForm):
    class Meta:
        model = Assignment
        fields = [
            "course",
            "unit",
            "include_subunits",
            "role",
            "person",
            "due_within_days",
            "due_from",
            "due_date",
            "renewal_months",
        ]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}
        field_classes = {
            "course": SafeModelChoiceField,
            "unit": SafeModelChoiceField,
            "role": SafeModelChoiceField,
            "person": SafeModelChoiceField,
        }

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            pk__in=[u.pk for u in units]
        ).order_by("path")
        self.fields["person"].queryset = people
        self.fields["role"].queryset = JobRole.objects.all()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("unit") or cleaned.get("role") or cleaned.get("person")):
            raise forms.ValidationError(_("Choose a unit, a role or a person."))
        if cleaned.get("due_within_days") is None and cleaned.get("due_date") is None:
            raise forms.ValidationError(_("Give a due date or a number of days."))
        return cleaned
