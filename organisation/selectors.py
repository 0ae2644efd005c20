"""Reads about the trust's structure that other apps share: above all, who looks after which units.

The L&D scope rule lives here and only here: an L&D manager sees the subtrees of the units in their
``ManagerScope`` rows; a superuser sees the whole trust. Apps add their own permission check, then
scope through ``managed_unit_paths`` with ``StaffProfile.objects.in_subtrees`` or ``in_subtrees_q``.
"""

from __future__ import annotations

from .models import ManagerScope, StaffProfile


def managed_unit_paths(user) -> list[str] | None:
    """The unit paths whose subtrees this user looks after; None means all (a superuser)."""
    if user.is_superuser:
        return None
    return list(ManagerScope.objects.filter(user=user).values_list("unit__path", flat=True))


def looks_after(user, learner_id: int) -> bool:
    """Whether this user's units include the unit the learner works in."""
    paths = managed_unit_paths(user)
    if paths is None:
        return True
    return StaffProfile.objects.filter(user_id=learner_id).in_subtrees(paths).exists()


def registrations_to_confirm(user, *, show: str = "unconfirmed"):
    """Staff in this user's units whose accounts give a registration number, with the NMC PIN
    ESR holds beside it: one query. ``show`` is "unconfirmed" or "all"."""
    queryset = (
        StaffProfile.objects.in_subtrees(managed_unit_paths(user))
        .filter(user__isnull=False)
        .exclude(user__registration_number="")
        .select_related("user", "user__registration_confirmed_by", "unit")
        .order_by("last_name", "first_name", "pk")
    )
    if show != "all":
        queryset = queryset.filter(user__registration_confirmed_at__isnull=True)
    return queryset
