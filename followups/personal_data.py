"""What followups holds about a person: their follow-ups. Erasure removes what they wrote and
keeps the anonymous counts (status and the behaviours ticked), so trust reports do not change."""

from core.privacy import Part, iso

from .models import FollowUp


def export(user) -> dict:
    return {
        "follow_ups": [
            {
                "course": f.course.title,
                "due_on": iso(f.due_on),
                "status": f.status,
                "answered_at": iso(f.answered_at),
                "behaviours": f.behaviour_labels(),
                "what_changed": f.changes,
            }
            for f in FollowUp.objects.filter(user=user).select_related("course")
        ]
    }


def erase(user, pseudonym: str) -> None:
    FollowUp.objects.filter(user=user).update(changes="")


PART = Part(order=65, export=export, erase=erase)
