"""What accounts holds about a person: the account itself and the audit trail of what they did."""

from core.privacy import Part, iso

from .models import AuditEvent, User


def export(user) -> dict:
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "job_title": user.job_title,
            "registration_body": user.registration_body,
            "registration_number": user.registration_number,
            "registration_confirmed_at": iso(user.registration_confirmed_at),
            "email_verified_at": iso(user.email_verified_at),
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
        },
        "audit_events": [
            {"action": e.action, "at": iso(e.at)}
            for e in AuditEvent.objects.filter(actor=user)[:1000]
        ],
    }


def erase(user, pseudonym: str) -> None:
    user = User.objects.select_for_update().get(pk=user.pk)
    user.email = user.username = pseudonym
    user.first_name, user.last_name = "Erased", "person"
    user.job_title = user.registration_number = user.registration_body = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


PART = Part(order=10, export=export, erase=erase)
