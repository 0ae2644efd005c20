"""Render Django form widgets with NHS.UK classes and the aria links to their hint and errors."""

from django import forms, template

register = template.Library()

_CLASSES = {
    forms.Select: "nhsuk-select",
    forms.Textarea: "nhsuk-textarea",
    forms.CheckboxInput: "nhsuk-checkboxes__input",
    forms.FileInput: "nhsuk-file-upload",
}


@register.simple_tag
def nhsuk_widget(field):
    widget = field.field.widget
    css = next((c for cls, c in _CLASSES.items() if isinstance(widget, cls)), "nhsuk-input")
    if field.errors:
        css += f" {css}--error"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
