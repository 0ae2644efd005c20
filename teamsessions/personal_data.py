"""What teamsessions holds about a person: the sessions they attended (and ran). Erasure keeps
the register's counts: the account it points to is itself made anonymous."""

from core.privacy import Part, iso

from .models import Attendance


def export(user) -> dict:
    return {
        "team_sessions": [
            {
                "session": a.session.title,
                "team": a.session.unit.name,
                "starts_at": iso(a.session.starts_at),
                "arrived_at": iso(a.arrived_at),
                "left_at": iso(a.left_at),
                "guest": a.guest,
                "hours": str(a.hours),
                "certificate_code": a.certificate_code,
            }
            for a in Attendance.objects.filter(user=user).select_related(
                "session__course", "session__module", "session__unit"
            )
        ]
    }


def erase(user, pseudonym: str) -> None:
    """Nothing to blank: the register holds no words of theirs, and the poll never named them."""


PART = Part(order=66, export=export, erase=erase)
