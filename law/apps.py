from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "law"
    verbose_name = "The law"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from core import published

        from . import receivers  # noqa: F401  (resolves review flags when a course is reviewed)
        from .models import Provision

        # A course page shows the provisions it teaches, with their status.
        published.bump_on(Provision)
