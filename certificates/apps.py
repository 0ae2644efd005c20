from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from courses.signals import course_completed

        from . import receivers

        course_completed.connect(
            receivers.issue_on_completion, dispatch_uid="certificates_issue_on_completion"
        )
