"""What scorm holds about a person: their records in the LMSs that launched a course, linked to
their account. Erasure deletes the links (the LMS keeps its own record, the trust's to erase)."""

from core.privacy import Part, iso

from .models import Registration


def export(user) -> dict:
    return {
        "lms_records": [
            {
                "lms": r.dispatch.lms_name,
                "course": r.dispatch.course.title,
                "lms_learner_id": r.lms_learner_id,
                "lms_learner_name": r.lms_learner_name,
                "linked_at": iso(r.linked_at),
                "last_launched_at": iso(r.last_launched_at),
                "last_reported_at": iso(r.last_reported_at),
            }
            for r in Registration.objects.filter(user=user)
            .select_related("dispatch__course")
            .order_by("linked_at")
        ]
    }


def erase(user, pseudonym: str) -> None:
    Registration.objects.filter(user=user).delete()


PART = Part(order=69, export=export, erase=erase)
