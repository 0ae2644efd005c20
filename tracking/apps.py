from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Training compliance"
    default_auto_field = "django.db.models.AutoField"
