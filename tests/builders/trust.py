"""The trust: units, job roles and staff records."""

from __future__ import annotations

import datetime

from ._shared import _seq


def trust_tree():
    """A trust with two directorates and three teams: returns a dict of units by short name."""
    from organisation.models import OrgUnit

    trust = OrgUnit.add_root(name="Test Trust", kind="trust")
    adult = trust.add_child(name="Adult", kind="directorate")
    older = trust.add_child(name="Older", kind="directorate")
    return {
        "trust": trust,
        "adult": adult,
        "older": older,
        "aspen": adult.add_child(name="Aspen Ward", kind="team"),
        "birch": adult.add_child(name="Birch Ward", kind="team"),
        "maple": older.add_child(name="Maple Ward", kind="team"),
    }


def job_role(name="Staff Nurse", group="Registered Nursing"):
    from organisation.models import JobRole, StaffGroup

    staff_group, _created = StaffGroup.objects.get_or_create(name=group)
    return JobRole.objects.get_or_create(name=name, defaults={"staff_group": staff_group})[0]


def staff(unit, *, role=None, user=None, joined_days_ago=400, manager=None, **fields):

    from django.utils import timezone

    from organisation.models import StaffProfile

    n = next(_seq)
    email = fields.pop("email", user.email if user else f"staff{n}@nhs.net")
    return StaffProfile.objects.create(
        employee_number=fields.pop("employee_number", f"E{n:06d}"),
        first_name=fields.pop("first_name", "Staff"),
        last_name=fields.pop("last_name", f"Member{n}"),
        email=email,
        role=role or job_role(),
        unit=unit,
        joined_on=timezone.localdate() - datetime.timedelta(days=joined_days_ago),
        user=user,
        line_manager=manager,
        **fields,
    )
