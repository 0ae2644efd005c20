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
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_(
            "Leave blank for someone ESR holds no address for: they have a staff record but no "
            "sign-in until they are linked."
        ),
    )
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
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="organisation_staff_email_ci_unique",
            ),
            models.CheckConstraint(
                condition=~Q(line_manager=models.F("pk")), name="organisation_not_own_manager"
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["role"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.employee_number})"

    def save(self, *args, **kwargs):
        """A main unit or role changed by hand (the admin) moves the primary ESR assignment with
        it, before the save is announced, so no course keeps reaching the old one."""
        fields = kwargs.get("update_fields")
        if self.pk and (fields is None or {"unit", "role"} & set(fields)):
            self.posts.filter(primary=True).exclude(
                unit_id=self.unit_id, role_id=self.role_id
            ).update(unit_id=self.unit_id, role_id=self.role_id)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class StaffAssignment(models.Model):
    """One of a person's ESR assignments (a substantive post, a bank post, a second job): its own
    unit, position, category, status and start date. The primary one decides the person's main
    ``unit`` and ``role``; course assignments may reach a person through any active one."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    profile = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="posts")
    number = models.CharField(
        _("assignment number"),
        max_length=30,
        blank=True,
        help_text=_("ESR's assignment number, such as 12345678-2, when the file gives one."),
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="posts")
    role = models.ForeignKey(JobRole, on_delete=models.PROTECT, related_name="posts")
    category = models.CharField(_("assignment category"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    primary = models.BooleanField(_("primary assignment"), default=False)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ESR assignment")
        ordering = ["-primary", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="organisation_post_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["profile", "status"])]

    def __str__(self) -> str:
        label = f"{self.role} on {self.unit}"
        return f"{self.number}: {label}" if self.number else label


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
    """A committed ESR import: who ran it (or the nightly command), what file, what changed, the
    rows held back for review, and the people the file did not mention (marked as left only when
    L&D confirm)."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded in the admin")
        COMMAND = "command", _("Nightly import")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.UPLOAD)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    file_format = models.CharField(max_length=40, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)
    posts_created = models.PositiveIntegerField(default=0)
    posts_updated = models.PositiveIntegerField(default=0)
    # Active people (ids) in the importer's units whom the file did not mention, and the active
    # assignments (ids) of people it did mention that it left out.
    missing_people = models.JSONField(default=list, blank=True)
    missing_posts = models.JSONField(default=list, blank=True)
    left = models.PositiveIntegerField(default=0)
    leavers_confirmed_at = models.DateTimeField(null=True, blank=True)
    leavers_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.at:%Y-%m-%d %H:%M})"


class HeldRow(models.Model):
    """A row an import held back (its person had a problem), for L&D to fix and re-import. It is
    resolved when a later import brings the same person in cleanly, or holds them again."""

    staff_import = models.ForeignKey(
        StaffImport, on_delete=models.CASCADE, related_name="held_rows"
    )
    line = models.PositiveIntegerField()
    employee_number = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=401, blank=True)
    problems = models.JSONField(default=list)
    cells = models.JSONField(default=dict)  # the row as the file gave it, by column name
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        StaffImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["staff_import", "line"]
        indexes = [models.Index(fields=["resolved_at", "employee_number"])]

    def __str__(self) -> str:
        return f"Line {self.line} of {self.staff_import}"
