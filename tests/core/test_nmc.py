"""One vocabulary for the NMC Code's themes: keys stored, labels shown, unknown keys refused."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.forms import CheckboxSelectMultiple

from core.nmc import CodeTheme, CodeThemesField, theme_labels, validate_theme_keys
from courses.models import CoursePage


def test_labels_follow_the_codes_order_and_skip_unknown_keys():
    assert theme_labels(["preserve_safety", "nonsense", "prioritise_people"]) == [
        "Prioritise people",
        "Preserve safety",
    ]
    assert theme_labels(None) == []


@pytest.mark.parametrize("value", [["Prioritise people"], "prioritise_people", [1], {"a": 1}])
def test_anything_but_a_list_of_keys_is_refused(value):
    with pytest.raises(ValidationError):
        validate_theme_keys(value)


def test_the_course_edits_themes_as_checkboxes_of_the_four_keys():
    field = CoursePage._meta.get_field("code_themes")
    assert isinstance(field, CodeThemesField)
    form_field = field.formfield()
    assert isinstance(form_field.widget, CheckboxSelectMultiple)
    assert [key for key, _label in form_field.choices] == list(CodeTheme.values)
    assert form_field.clean(["preserve_safety"]) == ["preserve_safety"]
    with pytest.raises(ValidationError):
        form_field.clean(["Preserve safety"])


def test_the_migrations_map_the_old_forms_to_keys():
    courses = importlib.import_module("courses.migrations.0004_code_themes_as_keys")
    assert courses.themes_of(
        {
            "code_prioritise_people": True,
            "code_preserve_safety": True,
            "code_practise_effectively": 0,
        }
    ) == ["prioritise_people", "preserve_safety"]
    certificates = importlib.import_module("certificates.migrations.0004_code_themes_as_keys")
    assert set(certificates.LABEL_TO_KEY.values()) == set(CodeTheme.values)
    assert {str(theme.label) for theme in CodeTheme} == set(certificates.LABEL_TO_KEY)
