from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = "Follow-ups"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from courses.models import CourseCompletion

        from . import receivers

        post_save.connect(
            receivers.completion_saved, sender=CourseCompletion, dispatch_uid="followup_schedule"
        )
