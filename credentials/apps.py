from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = "Portable credentials"
    default_auto_field = "django.db.models.BigAutoField"
