from django.apps import AppConfig


class TeamsessionsConfig(AppConfig):
    name = "teamsessions"
    verbose_name = "Team sessions"
    default_auto_field = "django.db.models.AutoField"
