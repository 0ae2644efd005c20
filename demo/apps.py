from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for a local machine or a pilot: one course, its film, accounts and a trust.

    It sits at the top of the import order (it uses every app) and no app imports it.
    """

    name = "demo"
    verbose_name = "Demo content"
    default_auto_field = "django.db.models.AutoField"
