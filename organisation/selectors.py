"""Reads about the trust's structure that other apps share: above all, who looks after which units.

The L&D scope rule lives here and only here: an L&D manager sees the subtrees of the units in their
``ManagerScope`` rows; a superuser sees the whole trust. Apps add their own permission check, then
scope through ``managed_unit_paths`` with ``StaffProfile.objects.in_subtrees`` or ``in_subtrees_q``.
"""

from __future__ import annotations

from django.db.models import Q

from .models import HeldRow, ManagerScope, OrgUnit, StaffAssignment, StaffImport, StaffProfile


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


def imports_visible(user):
    """The ESR imports this user may open: a superuser, all; an L&D manager, those they ran, and
    the nightly ones if they look after a whole trust (a nightly file covers everyone)."""
    queryset = StaffImport.objects.select_related("actor", "leavers_confirmed_by")
    if user.is_superuser:
        return queryset
    query = Q(actor=user)
    if sees_nightly(user):
        query |= Q(source=StaffImport.Source.COMMAND)
    return queryset.filter(query)


def sees_nightly(user) -> bool:
    """Whether this user may open the nightly imports: a superuser, or an L&D manager (with the
    import permission) who looks after a whole trust."""
    if user.is_superuser:
        return True
    if not user.has_perm("organisation.add_staffprofile"):
        return False
    return any(len(path) == OrgUnit.steplen for path in managed_unit_paths(user) or [])


def held_rows_open(user):
    """Rows held back by imports this user may open and not settled since, oldest first."""
    return (
        HeldRow.objects.filter(
            resolved_at__isnull=True, staff_import__in=imports_visible(user).values("pk")
        )
        .select_related("staff_import")
        .order_by("staff_import__at", "line")
    )


def import_leavers(staff_import: StaffImport, user, *, limit: int = 200):
    """The people an import left out who are still active, in this user's units: (count, the
    first ``limit`` by surname). Two queries."""
    people = (
        StaffProfile.objects.in_subtrees(managed_unit_paths(user))
        .filter(pk__in=staff_import.missing_people, status=StaffProfile.Status.ACTIVE)
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
    )
    return people.count(), list(people[:limit])


def import_ended_posts(staff_import: StaffImport, *, limit: int = 200):
    """The assignments of people in the file that the file left out, still active."""
    posts = (
        StaffAssignment.objects.filter(
            pk__in=staff_import.missing_posts, status=StaffAssignment.Status.ACTIVE
        )
        .select_related("profile", "unit", "role")
        .order_by("profile__last_name", "profile__first_name", "pk")
    )
    return posts.count(), list(posts[:limit])


def person_posts(profile: StaffProfile) -> list[StaffAssignment]:
    """A person's ESR assignments, primary first, active before ended: one query."""
    return list(
        profile.posts.select_related("unit", "role").order_by("-primary", "status", "number", "pk")
    )
