"""What LTI holds about a person: their accounts on the learning platforms that launched Bridge,
linked to their Bridge account, and what each gradebook was told. Erasure deletes both (the
platform keeps its own record, the trust's to erase)."""

from lti_tool.models import LtiUser

from core.privacy import Part, iso

from .models import Outcome


def export(user) -> dict:
    outcomes = {}
    for outcome in Outcome.objects.filter(user=user).select_related("placement__course"):
        outcomes.setdefault(outcome.lti_user_id, []).append(
            {
                "course": outcome.placement.course.title,
                "reported": outcome.get_state_display(),
                "score_given": float(outcome.score_given)
                if outcome.score_given is not None
                else None,
                "reported_at": iso(outcome.reported_at),
            }
        )
    return {
        "lms_accounts": [
            {
                "platform": u.registration.name,
                "subject": u.sub,
                "name": u.name,
                "email": u.email,
                "linked_at": iso(u.datetime_modified),
                "gradebook": outcomes.get(u.pk, []),
            }
            for u in LtiUser.objects.filter(auth_user=user)
            .select_related("registration")
            .order_by("pk")
        ]
    }


def erase(user, pseudonym: str) -> None:
    Outcome.objects.filter(user=user).delete()
    LtiUser.objects.filter(auth_user=user).delete()


PART = Part(order=70, export=export, erase=erase)
