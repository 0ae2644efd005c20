from django import template
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def question_widget(context, qv, error="", disabled=False):
    """Render a question through its own type's template."""
    return render_to_string(
        qv.question.template_name,
        {"qv": qv, "error": error, "disabled": disabled},
        request=context.get("request"),
    )


@register.simple_tag
def radio_items(qv, disabled=False):
    """The NHS.UK radio items of a question, joined in Python from escaped parts (a template loop
    cost about a millisecond a question, and an attitude questionnaire has a dozen). Only option
    ids and labels reach the page, never which is correct."""
    field = escape(qv.field_name)
    items = []
    for number, option in enumerate(qv.question.widget_options(), 1):
        value = escape(option["id"])
        checked = " checked" if str(option["id"]) == qv.answer_key else ""
        items.append(
            '<div class="nhsuk-radios__item">'
            f'<input class="nhsuk-radios__input" id="{field}-{number}" name="{field}" '
            f'type="radio" value="{value}"{checked}{" disabled" if disabled else ""}>'
            f'<label class="nhsuk-radios__label" for="{field}-{number}">'
            f"{escape(option['text'])}</label></div>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 (every part above is escaped)


@register.filter
def mmss(seconds) -> str:
    """Seconds as 02:10."""
    if seconds is None:
        return ""
    seconds = int(seconds)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def get_index(sequence, index):
    """Item ``index`` (a string or int) of a list, or "" when there is none."""
    try:
        return sequence[int(index)]
    except (TypeError, ValueError, IndexError, KeyError):
        return ""


@register.filter
def position_of(sequence, item_id):
    """The 1-based position of ``item_id`` in a saved ordering answer (or in a draft, which
    maps item ids to the positions given so far), or None."""
    if isinstance(sequence, dict):
        value = sequence.get(item_id)
        return int(value) if isinstance(value, str) and value.isdigit() else None
    try:
        return list(sequence).index(item_id) + 1
    except (TypeError, ValueError):
        return None


@register.filter
def review_open(quiz, attempt) -> bool:
    """Whether the quiz's review rule lets this attempt show its answers."""
    return bool(quiz and attempt) and quiz.review_open(attempt)
