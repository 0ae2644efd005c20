from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Training compliance"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from wagtail.signals import page_published

        from courses.models import CourseCompletion, CoursePage, Enrolment
        from organisation.models import StaffAssignment, StaffProfile
        from organisation.signals import staff_changed

        from . import receivers
        from .models import Assignment

        post_save.connect(receivers.profile_saved, sender=StaffProfile, dispatch_uid="tr_profile")
        post_save.connect(receivers.post_changed, sender=StaffAssignment, dispatch_uid="tr_post")
        post_delete.connect(
            receivers.post_deleted, sender=StaffAssignment, dispatch_uid="tr_post_delete"
        )
        staff_changed.connect(receivers.staff_changed, dispatch_uid="tr_staff_changed")
        for model in (CourseCompletion, Enrolment):
            post_save.connect(
                receivers.learner_progress_changed,
                sender=model,
                dispatch_uid=f"tr_{model.__name__}",
            )
            post_delete.connect(
                receivers.learner_progress_changed,
                sender=model,
                dispatch_uid=f"tr_{model.__name__}_delete",
            )
        post_save.connect(receivers.assignment_saved, sender=Assignment, dispatch_uid="tr_assign")
        page_published.connect(
            receivers.course_published, sender=CoursePage, dispatch_uid="tr_course_published"
        )
