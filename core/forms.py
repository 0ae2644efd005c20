"""Error messages and empty choices in the NHS.UK voice, for every Bridge form.

Each field says what to do, in its own words: "Enter your first name", "Enter an email address
in the correct format, like name@nhs.net", "Select a course", never "This field is required."
A field's phrase comes from its label ("First name" → "your first name" for the person's own
details, "Topic" → "the topic"), or from the form's ``nhs_phrases`` where a label is a question.
An empty choice reads "All" in a filter form and "None" elsewhere, never "---------"."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

PERSONAL = {
    "first name",
    "last name",
    "work email address",
    "email address",
    "email",
    "job title",
    "password",
}
DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])
BLANK = "---------"


def _phrase(form, name: str, field) -> str:
    phrases = getattr(form, "nhs_phrases", {})
    if name in phrases:
        return str(phrases[name])
    label = str(field.label or name.replace("_", " "))
    label = label.replace("(optional)", "").strip().rstrip("?:").strip()
    lowered = label if label[:2].isupper() else label[:1].lower() + label[1:]
    if lowered.lower() in PERSONAL:
        return f"your {lowered}"
    return f"the {lowered}" if not lowered.lower().startswith(("your ", "the ", "a ")) else lowered


def _choice_field(field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField)


def apply(form) -> None:
    is_filter = getattr(form, "is_filter", False)
    for name, field in form.fields.items():
        phrase = _phrase(form, name, field)
        messages = field.error_messages
        if str(messages.get("required")) == DJANGO_REQUIRED:
            if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
                messages["required"] = format_lazy(_("Select at least one of {}"), phrase)
            elif _choice_field(field) or isinstance(field, forms.BooleanField):
                messages["required"] = format_lazy(_("Select {}"), phrase)
            else:
                messages["required"] = format_lazy(_("Enter {}"), phrase)
        if isinstance(field, forms.EmailField):
            messages["invalid"] = _(
                "Enter an email address in the correct format, like name@nhs.net"
            )
        elif isinstance(field, forms.DateField):
            messages["invalid"] = format_lazy(_("Enter {} as a real date, like 31/03/2026"), phrase)
        elif isinstance(field, forms.DecimalField | forms.FloatField):
            messages["invalid"] = format_lazy(_("Enter {} as a number, like 1.5"), phrase)
        elif isinstance(field, forms.IntegerField):
            messages["invalid"] = format_lazy(_("Enter {} as a whole number, like 3"), phrase)
        if _choice_field(field):
            messages["invalid_choice"] = format_lazy(_("Select {} from the list"), phrase)
        if isinstance(field, forms.CharField) and field.max_length:
            messages["max_length"] = format_lazy(
                _("{} must be {} characters or fewer"),
                phrase[:1].upper() + phrase[1:],
                field.max_length,
            )
        _empty_choice(field, is_filter)


def _empty_choice(field, is_filter: bool) -> None:
    empty = _("All") if is_filter else (_("None") if not field.required else _("Select one"))
    if isinstance(field, forms.ModelChoiceField) and not isinstance(
        field, forms.ModelMultipleChoiceField
    ):
        if field.empty_label is not None and str(field.empty_label) == BLANK:
            field.empty_label = empty
        return
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None) and str(choices[0][1]) == BLANK:
            field.choices = [("", empty), *choices[1:]]
