from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from core.text import SafeTextFormMixin

from .models import OrgUnit


class OrgUnitForm(SafeTextFormMixin, WagtailAdminModelForm):
    """New units go into the tree under their parent; an existing unit keeps its place."""

    parent = forms.ModelChoiceField(
        queryset=OrgUnit.objects.order_by("path"),
        required=False,
        label=_("Part of"),
        help_text=_("Leave blank only for the trust itself."),
    )

    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "esr_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("parent")

    def save(self, commit=True):
        unit = super().save(commit=False)
        if unit.pk:
            unit.save()
            return unit
        parent = self.cleaned_data.get("parent")
        return parent.add_child(instance=unit) if parent else OrgUnit.add_root(instance=unit)


class StaffImportForm(SafeTextFormMixin, forms.Form):
    file = forms.FileField(label=_("ESR staff file (CSV)"))
