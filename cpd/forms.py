from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import SafeTextFormMixin
from courses.models import ModuleReflection

from .models import CpdEntry, ReflectiveAccount


class CpdEntryForm(SafeTextFormMixin, forms.ModelForm):
    nhs_phrases = {
        "date": _("the date you did it"),
        "method": _("how you learned"),
        "relevance": _("how it relates to your practice"),
        "code_themes": _("the parts of the Code it relates to"),
    }

    class Meta:
        model = CpdEntry
        fields = [
            "date",
            "method",
            "topic",
            "relevance",
            "hours",
            "participatory_hours",
            "code_themes",
            "evidence",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "participatory_hours": _("Learning that involved interaction with other people."),
            "evidence": _("For example, a certificate or a link to it. No patient details."),
        }

    def clean(self):
        cleaned = super().clean()
        hours, participatory = cleaned.get("hours"), cleaned.get("participatory_hours")
        if hours is not None and hours <= 0:
            self.add_error("hours", _("Enter more than 0 hours."))
        if hours is not None and participatory is not None and participatory > hours:
            self.add_error(
                "participatory_hours", _("Participatory hours cannot be more than the hours.")
            )
        if participatory is not None and participatory < 0:
            self.add_error("participatory_hours", _("Enter 0 or more."))
        return cleaned


class ReflectiveAccountForm(SafeTextFormMixin, forms.ModelForm):
    nhs_phrases = {
        "title": _("what the CPD or event was"),
        "what_learned": _("what you learned"),
        "how_changed": _("how you changed or improved your practice"),
        "code_relation": _("how it is relevant to the Code"),
        "code_themes": _("the parts of the Code it relates to"),
    }

    class Meta:
        model = ReflectiveAccount
        fields = [
            "cpd_entry",
            "module_reflections",
            "title",
            "what_learned",
            "how_changed",
            "code_relation",
            "code_themes",
        ]
        widgets = {"module_reflections": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the learner's own CPD entries may be linked: a forged id fails validation.
        self.fields["cpd_entry"].queryset = CpdEntry.objects.filter(user=user)
        self.fields["cpd_entry"].required = False
        self.fields["cpd_entry"].empty_label = _("None")
        self.fields["cpd_entry"].label = _("Which CPD entry is this about? (optional)")
        # The same for the module reflections it is drawn from.
        sources = self.fields["module_reflections"]
        sources.queryset = (
            ModuleReflection.objects.filter(user=user).select_related("module").order_by("-pk")
        )
        sources.label = _("Which of your module reflections is it drawn from? (optional)")
        sources.label_from_instance = lambda reflection: reflection.module.title
        if not sources.queryset.exists():
            del self.fields["module_reflections"]
