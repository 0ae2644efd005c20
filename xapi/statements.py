"""xAPI 1.0.3 statements for what Bridge records, with cmi5's verbs where they fit. Each is built
from the record itself (its time included), so the same event always makes the same statement."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings

NAMESPACE = uuid.UUID("6b0a3c52-4c1e-4a8e-9f0e-6f1f2b0c6a11")
VERBS = {
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "progressed": "http://adlnet.gov/expapi/verbs/progressed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "earned": "http://id.tincanapi.com/verb/earned",
    "attended": "http://adlnet.gov/expapi/verbs/attended",
}
TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "module": "http://adlnet.gov/expapi/activities/module",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "certificate": "https://w3id.org/xapi/acrossx/activities/certificate",
    "meeting": "http://adlnet.gov/expapi/activities/meeting",
}
PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"


def base_url() -> str:
    return settings.BASE_URL.rstrip("/")


def statement_id(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


def actor(user) -> dict:
    """The learner by their Bridge account, never their name or address."""
    return {"objectType": "Agent", "account": {"homePage": base_url(), "name": str(user.pk)}}


def page_url(page) -> str:
    return base_url() + (page.get_url() or f"/pages/{page.pk}/")


def activity(activity_id: str, kind: str, name: str) -> dict:
    return {
        "objectType": "Activity",
        "id": activity_id,
        "definition": {"type": TYPES[kind], "name": {"en-GB": str(name)[:250]}},
    }


def _iso(moment) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds")


def statement(*, key: str, user, verb: str, obj: dict, at, result=None, parent=None) -> dict:
    made = {
        "id": str(statement_id(key)),
        "actor": actor(user),
        "verb": {"id": VERBS[verb], "display": {"en-GB": verb}},
        "object": obj,
        "timestamp": _iso(at),
        "version": "1.0.3",
    }
    if result:
        made["result"] = result
    if parent:
        made["context"] = {"contextActivities": {"parent": [parent]}}
    return made


def scaled(points, max_points) -> float:
    if not max_points:
        return 0.0
    return float((Decimal(points or 0) / Decimal(max_points)).quantize(Decimal("0.0001")))
