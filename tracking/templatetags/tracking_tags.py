from django import template

register = template.Library()


@register.filter
def get_count(counter, key) -> int:
    return counter.get(key, 0) if counter else 0
