from django.db.models import Count

from .models import Statement


def outbox_summary() -> dict:
    """The outbox's state for admins: counts by status and the latest that have not gone (two
    queries)."""
    counts = dict(Statement.objects.values_list("status").annotate(n=Count("id")).order_by())
    stuck = list(
        Statement.objects.exclude(status=Statement.Status.SENT)
        .order_by("-created_at")
        .only("id", "verb", "status", "attempts", "next_attempt_at", "last_error", "created_at")[
            :25
        ]
    )
    return {
        "counts": [(label, counts.get(value, 0)) for value, label in Statement.Status.choices],
        "stuck": stuck,
    }
