"""The NMC Code's four themes: one vocabulary, stored as keys everywhere, shown as labels.

A course is mapped to themes by its trainer; its certificate copies the keys; a CPD entry and a
reflective account carry them too. Labels are for display only, so they can be translated.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeTheme(models.TextChoices):
    PRIORITISE_PEOPLE = "prioritise_people", _("Prioritise people")
    PRACTISE_EFFECTIVELY = "practise_effectively", _("Practise effectively")
    PRESERVE_SAFETY = "preserve_safety", _("Preserve safety")
    PROMOTE_PROFESSIONALISM = "promote_professionalism", _("Promote professionalism and trust")


def theme_labels(keys) -> list[str]:
    """The labels of these theme keys, in the Code's order; unknown keys are left out."""
    chosen = set(keys or [])
    return [str(theme.label) for theme in CodeTheme if theme.value in chosen]


def validate_theme_keys(value) -> None:
    if not isinstance(value, list) or any(key not in CodeTheme.values for key in value):
        raise ValidationError(_("Choose themes from the NMC Code."), code="invalid_theme")


class CodeThemesField(models.JSONField):
    """A list of theme keys, edited as checkboxes (in Bridge's forms and in the Wagtail admin)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [validate_theme_keys])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("default", list), ("blank", True)):
            if kwargs.get(key) is default:
                kwargs.pop(key)
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            label=kwargs.get("label", self.verbose_name),
            help_text=kwargs.get("help_text", self.help_text),
            required=not self.blank,
            choices=CodeTheme.choices,
            widget=forms.CheckboxSelectMultiple,
        )
