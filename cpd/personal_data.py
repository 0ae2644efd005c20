"""What cpd holds about a person: CPD entries and reflective accounts. Erasure deletes the accounts
and the free text of entries, and keeps the hours."""

from core.privacy import Part

from .models import CpdEntry, ReflectiveAccount


def export(user) -> dict:
    return {
        "cpd_entries": [
            {
                "date": e.date.isoformat(),
                "topic": e.topic,
                "method": e.method,
                "hours": str(e.hours),
                "participatory_hours": str(e.participatory_hours),
                "relevance": e.relevance,
                "evidence": e.evidence,
            }
            for e in CpdEntry.objects.filter(user=user)
        ],
        "reflective_accounts": [
            {
                "title": a.title,
                "what_learned": a.what_learned,
                "how_changed": a.how_changed,
                "code_relation": a.code_relation,
            }
            for a in ReflectiveAccount.objects.filter(user=user)
        ],
    }


def erase(user, pseudonym: str) -> None:
    CpdEntry.objects.filter(user=user).update(relevance="", evidence="")
    ReflectiveAccount.objects.filter(user=user).delete()


PART = Part(order=60, export=export, erase=erase)
