"""Site bootstrap: what Wagtail needs before any page exists."""

from __future__ import annotations


def wagtail_roots_ensure():
    """Wagtail's root page, root collection and default locale, made if missing (an emptied
    database, such as one flushed between tests, lacks them). Returns the root page."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
    return root
