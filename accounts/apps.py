from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the signal receivers
