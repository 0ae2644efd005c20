"""A learner's compliance status for one assigned course, from dates alone (no queries here)."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
EXPIRING_SOON = "expiring_soon"
EXPIRED = "expired"

STATUSES = (
    (NOT_STARTED, _("Not started")),
    (IN_PROGRESS, _("In progress")),
    (DUE_SOON, _("Due soon")),
    (OVERDUE, _("Overdue")),
    (COMPLETED, _("Completed")),
    (EXPIRING_SOON, _("Expiring soon")),
    (EXPIRED, _("Expired")),
)
LABELS = dict(STATUSES)
COMPLIANT = {COMPLETED, EXPIRING_SOON}
DUE_SOON_DAYS = 30
EXPIRING_SOON_DAYS = 60


def expiry(completed_on: datetime.date | None, renewal_months: int | None) -> datetime.date | None:
    if completed_on is None or not renewal_months:
        return None
    return completed_on + relativedelta(months=renewal_months)


def status_for(
    *,
    today: datetime.date,
    due: datetime.date | None,
    completed_on: datetime.date | None,
    expires_on: datetime.date | None,
    started: bool,
) -> str:
    """One of the seven statuses. A certificate is expired on its expiry day, not the day after."""
    if completed_on is not None:
        if expires_on is not None:
            if today >= expires_on:
                return EXPIRED
            if (expires_on - today).days <= EXPIRING_SOON_DAYS:
                return EXPIRING_SOON
        return COMPLETED
    if due is not None:
        if today > due:
            return OVERDUE
        if (due - today).days <= DUE_SOON_DAYS:
            return DUE_SOON
    return IN_PROGRESS if started else NOT_STARTED


def due_for(assignment, profile) -> datetime.date:
    """When this assignment makes the course due for this person."""
    if assignment.due_date is not None:
        return assignment.due_date
    basis = profile.joined_on if assignment.due_from == "joining" else assignment.created_at.date()
    return basis + datetime.timedelta(days=assignment.due_within_days or 0)


def applies(assignment, profile, posts) -> bool:
    """Whether an assignment covers this person through any of their posts: ``(unit id, unit path,
    role id)`` for each active ESR assignment, the main unit and role among them (given, to save
    queries). A unit-and-role assignment needs both in one post."""
    if assignment.person_id is not None:
        return assignment.person_id == profile.pk
    for unit_id, unit_path, role_id in posts:
        if assignment.role_id is not None and assignment.role_id != role_id:
            continue
        if assignment.unit_id is None:
            return True
        if assignment.include_subunits:
            if unit_path.startswith(assignment.unit.path):
                return True
        elif assignment.unit_id == unit_id:
            return True
    return False
