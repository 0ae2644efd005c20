from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtailmedia.models import get_media_model

        from core import published

        from . import checks  # noqa: F401  (registers the page-tree system check)
        from .models import Film

        # A published module shows its films' files resolved: a change to one is a change to it.
        published.bump_on(Film, get_media_model(), get_document_model())
