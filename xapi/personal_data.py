"""What xapi holds about a person: the statements about them in the outbox (they name the
account, never the person). Erasure deletes the outbox's copies; what the trust's learning record
store already holds is the trust's to erase there, by the account id the export shows."""

from core.privacy import Part, iso

from .models import Statement


def _theirs(user):
    return Statement.objects.filter(payload__actor__account__name=str(user.pk))


def export(user) -> dict:
    return {
        "learning_records": [
            {
                "statement_id": str(s.id),
                "verb": s.verb,
                "activity": s.payload.get("object", {}).get("id"),
                "timestamp": s.payload.get("timestamp"),
                "status": s.status,
                "sent_at": iso(s.sent_at),
            }
            for s in _theirs(user).order_by("created_at")
        ]
    }


def erase(user, pseudonym: str) -> None:
    _theirs(user).delete()


PART = Part(order=68, export=export, erase=erase)
