"""The trust as a tree (trust, directorate, team or ward), staff groups and roles, and staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class OrgUnit(MP_Node):
    """A part of the trust. Descendants share a path prefix, so a subtree is one indexed query."""

    class Kind(models.TextChoices):
        TRUST = "trust", _("Trust")
        DIRECTORATE = "directorate", _("Directorate")
        TEAM = "team", _("Team or ward")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    esr_name = models.CharField(
        _("name in ESR"),
        max_length=200,
        blank=True,
        help_text=_("The 'Organisation' value in ESR exports, if it differs from the name."),
    )

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("organisational unit")

    def __str__(self) -> str:
        return self.name


class StaffGroup(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    def __str__(self) -> str:
        return self.name


class JobRole(models.Model):
    name = models.CharField(_("position title"), max_length=200, unique=True)
    staff_group = models.ForeignKey(StaffGroup, on_delete=models.PROTECT, related_name="roles")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def in_subtrees_q(paths, field: str = "unit__path") -> Q:
    """Rows whose unit lies in any of these subtrees (a materialised path is a prefix), by the
    unit path found at ``field``. No paths: nothing."""
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


class StaffProfileQuerySet(models.QuerySet):
    def in_subtrees(self, paths) -> StaffProfileQuerySet:
        """The staff who work in any of these units or beneath them. None means everyone."""
        return self if paths is None else self.filter(in_subtrees_q(paths))


class StaffProfile(models.Model):
    """A member of staff as ESR knows them, linked to a Bridge account by e-mail."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    employee_number = models.CharField(_("employee number"), max_length=20, unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    nmc_pin = models.CharField(_("NMC PIN"), max_length=20, blank=True)
    role = models.ForeignKey(JobRole, on_delete=models.PROTECT, related_name="staff")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="staff")
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    joined_on = models.DateField(_("joined on"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_profile",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="organisation_staff_email_ci_unique"),
            models.CheckConstraint(
                condition=~Q(line_manager=models.F("pk")), name="organisation_not_own_manager"
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["role"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.employee_number})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ManagerScope(models.Model):
    """The units an L&D manager looks after: they see these units and everything beneath them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ld_scopes"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="ld_scopes")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="organisation_one_scope_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} looks after {self.unit}"


class StaffImport(models.Model):
    """A committed ESR import: who ran it, what file, what changed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.at:%Y-%m-%d %H:%M})"
