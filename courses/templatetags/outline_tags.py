"""The course page's module list, built in Python: a long course's rows cost microseconds each
instead of a template loop's tens (the markup is the NHS.UK task list, escaped by format_html)."""

from django import template
from django.utils.html import format_html, format_html_join

from courses.selectors import STATUS_TAGS

register = template.Library()


@register.simple_tag
def status_tag(status: str):
    """A learner's status on a course or module as an NHS.UK tag."""
    colour, label = STATUS_TAGS[status]
    return format_html('<strong class="nhsuk-tag {}">{}</strong>', colour, label)


@register.simple_tag
def module_task_list(rows, labelled_by: str):
    items = format_html_join(
        "\n",
        '<li class="nhsuk-task-list__item nhsuk-task-list__item--with-link">'
        '<div class="nhsuk-task-list__name-and-hint">'
        '<a class="nhsuk-link nhsuk-task-list__link" href="{}" '
        'aria-describedby="module-{}-status">{}. {}</a>{}</div>'
        '<div class="nhsuk-task-list__status" id="module-{}-status">{}</div></li>',
        (
            (
                row.module.url,
                row.module.pk,
                number,
                row.module.title,
                format_html('<div class="nhsuk-task-list__hint">{}</div>', row.module.summary)
                if row.module.summary
                else "",
                row.module.pk,
                status_tag(row.status),
            )
            for number, row in enumerate(rows, 1)
        ),
    )
    return format_html(
        '<ul class="nhsuk-task-list" aria-labelledby="{}">\n{}\n</ul>', labelled_by, items
    )
