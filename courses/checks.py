"""A system check that the page tree rules are declared on every page type."""

from django.apps import apps
from django.core import checks
from wagtail.models import Page


@checks.register()
def page_tree_declared(app_configs=None, **kwargs):
    errors = []
    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page or model._meta.app_label != "courses":
            continue
        for attribute in ("parent_page_types", "subpage_types"):
            if attribute not in model.__dict__:
                errors.append(
                    checks.Error(
                        f"{model.__name__} must declare {attribute}: keep the page tree explicit.",
                        obj=model,
                        id="courses.E001",
                    )
                )
    return errors
