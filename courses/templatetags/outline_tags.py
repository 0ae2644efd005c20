"""The course page's module list, built in Python: a long course's rows cost microseconds each
instead of a template loop's tens (the markup is the NHS.UK task list; every value is escaped)."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from courses.selectors import STATUS_TAGS

register = template.Library()


@register.simple_tag
def status_tag(status: str):
    """A learner's status on a course or module as an NHS.UK tag."""
    colour, label = STATUS_TAGS[status]
    return format_html('<strong class="nhsuk-tag {}">{}</strong>', colour, label)


@register.simple_tag
def module_task_list(rows, labelled_by: str):
    """The NHS.UK task list of a course's modules. Each status tag is built once, and each row is
    joined from escaped parts, so a row costs a few microseconds."""
    tags = {status: status_tag(status) for status in STATUS_TAGS}
    items = []
    for number, row in enumerate(rows, 1):
        module = row.module
        hint = (
            f'<div class="nhsuk-task-list__hint">{escape(module.summary)}</div>'
            if module.summary
            else ""
        )
        status_id = f"module-{int(module.pk)}-status"
        items.append(
            '<li class="nhsuk-task-list__item nhsuk-task-list__item--with-link">'
            '<div class="nhsuk-task-list__name-and-hint">'
            f'<a class="nhsuk-link nhsuk-task-list__link" href="{escape(module.url)}" '
            f'aria-describedby="{status_id}">{number}. {escape(module.title)}</a>{hint}</div>'
            f'<div class="nhsuk-task-list__status" id="{status_id}">{tags[row.status]}</div></li>'
        )
    return mark_safe(  # noqa: S308 (every part above is escaped or a number)
        f'<ul class="nhsuk-task-list" aria-labelledby="{escape(labelled_by)}">\n'
        + "\n".join(items)
        + "\n</ul>"
    )
