from django import template

from courses.film_ranges import film_parts as _film_parts

register = template.Library()


@register.filter
def film_parts(block_value) -> dict:
    """A film block's video, tracks and transcript: its library film's, or its own."""
    return _film_parts(block_value)
