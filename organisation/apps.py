from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = "Organisation and staff"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the signal receivers
