from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProvisionChange


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happens"), choices=ProvisionChange.Kind.choices)
    effective_on = forms.DateField(
        label=_("On"),
        help_text=_("The day it takes effect, as the commencement regulations or the Act say."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("What changes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Told to the course owners, the learners and their L&D managers."),
    )


class RetrainForm(forms.Form):
    course = forms.TypedChoiceField(label=_("Course"), coerce=int)
    due_date = forms.DateField(label=_("Due by"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [(c.pk, f"{c.title} ({n})") for c, n in courses]
