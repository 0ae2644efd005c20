from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: request and text helpers, URL converters and error pages every app uses.

    It has no models and imports no other Bridge app.
    """

    name = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from django.urls import register_converter

        from .converters import IdConverter

        register_converter(IdConverter, "id")

        from . import published

        published.connect()
