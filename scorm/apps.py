from django.apps import AppConfig


class ScormConfig(AppConfig):
    name = "scorm"
    verbose_name = "SCORM packages"
    default_auto_field = "django.db.models.BigAutoField"
