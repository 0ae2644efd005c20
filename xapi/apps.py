from django.apps import AppConfig


class XapiConfig(AppConfig):
    name = "xapi"
    verbose_name = "xAPI learning records"

    def ready(self):
        from . import receivers  # noqa: F401
