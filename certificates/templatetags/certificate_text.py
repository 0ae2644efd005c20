"""Printing a verification link so that it can be copied: a line may break after a slash, never
inside a part (the code above all)."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def unbroken_url(url: str):
    parts = str(url or "").split("/")
    spans = format_html_join(
        mark_safe("/<wbr>"), '<span style="white-space: nowrap">{}</span>', ((p,) for p in parts)
    )
    return spans
