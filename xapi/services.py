"""The outbox's writes: a statement recorded (inside the transaction of the change it records),
and delivery to the learning record store (a Celery task; never in a learner's request)."""

from __future__ import annotations

import datetime

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Statement

BATCH = 200


def configured() -> bool:
    return bool(settings.BRIDGE_XAPI["ENDPOINT"])


def recorded(ids) -> set:
    """Which of these statement ids the outbox holds already (one query)."""
    return set(Statement.objects.filter(id__in=ids).values_list("id", flat=True)) if ids else set()


def statement_record(payload: dict) -> Statement | None:
    """Keep a statement to send, once per id; nothing without a record store configured."""
    if not configured():
        return None
    row, created = Statement.objects.get_or_create(
        id=payload["id"], defaults={"payload": payload, "verb": payload["verb"]["display"]["en-GB"]}
    )
    if created:
        from .tasks import deliver_statements

        transaction.on_commit(deliver_statements.delay)  # after the change is safely stored
    return row


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def deliver(*, now=None, limit: int = BATCH) -> dict[str, int]:
    """Send what is due, oldest first; a statement the store cannot take now waits longer each
    time (1, 2, 4 … 60 minutes). Returns the counts sent, waiting and refused."""
    counts = {"sent": 0, "waiting": 0, "rejected": 0}
    if not configured():
        return counts
    now = now or timezone.now()
    config = settings.BRIDGE_XAPI
    endpoint = config["ENDPOINT"].rstrip("/") + "/statements"
    session = requests.Session()
    session.auth = (config["USERNAME"], config["PASSWORD"])
    session.headers["X-Experience-API-Version"] = "1.0.3"
    due = list(
        Statement.objects.filter(status=Statement.Status.PENDING, next_attempt_at__lte=now)
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    for statement_id in due:
        with transaction.atomic():
            row = (
                Statement.objects.select_for_update(skip_locked=True)
                .filter(pk=statement_id, status=Statement.Status.PENDING)
                .first()
            )
            if row is None:
                continue  # another worker has it
            try:
                response = session.put(
                    endpoint,
                    params={"statementId": str(row.id)},
                    json=row.payload,
                    timeout=config["TIMEOUT"],
                )
            except requests.RequestException as error:
                response, problem = None, f"{type(error).__name__}: {error}"[:500]
            else:
                problem = f"{response.status_code}: {response.text[:400]}"
            row.attempts += 1
            if response is not None and response.status_code in (200, 204):
                row.status, row.sent_at, row.last_error = Statement.Status.SENT, now, ""
                counts["sent"] += 1
            elif (
                response is not None
                and 400 <= response.status_code < 500
                and (response.status_code not in (401, 403, 408, 429))
            ):
                # The store will never take it as it is (a 409: another statement has its id).
                row.status, row.last_error = Statement.Status.REJECTED, problem
                counts["rejected"] += 1
            else:  # down, overloaded or misconfigured credentials: try again later
                row.next_attempt_at, row.last_error = now + _backoff(row.attempts), problem
                counts["waiting"] += 1
            row.save(
                update_fields=["status", "sent_at", "last_error", "attempts", "next_attempt_at"]
            )
    return counts
