"""Who must complete which course by when, and the reminders sent about it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from organisation.models import JobRole, OrgUnit, StaffProfile


class Assignment(models.Model):
    """A course assigned to a unit (optionally with its sub-units), a role, both, or one person."""

    class DueFrom(models.TextChoices):
        JOINING = "joining", _("the day the person joined")
        ASSIGNMENT = "assignment", _("the day of this assignment")

    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    include_subunits = models.BooleanField(_("include the units beneath"), default=True)
    role = models.ForeignKey(
        JobRole, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    person = models.ForeignKey(
        StaffProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    due_within_days = models.PositiveSmallIntegerField(
        _("due within (days)"), null=True, blank=True
    )
    due_from = models.CharField(
        _("counted from"), max_length=12, choices=DueFrom.choices, default=DueFrom.ASSIGNMENT
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    renewal_months = models.PositiveSmallIntegerField(
        _("renew every (months)"),
        null=True,
        blank=True,
        help_text=_("Leave blank to use the course's own renewal period."),
    )
    completed_after = models.DateField(
        _("counts completions from"),
        null=True,
        blank=True,
        help_text=_(
            "Only a completion on or after this day meets the assignment: for example the day "
            "the law changed, for training on the revised course."
        ),
    )
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("view_compliance", "Can see named compliance records in their scope")]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(role__isnull=False) | Q(person__isnull=False),
                name="tracking_assignment_has_a_target",
            ),
            models.CheckConstraint(
                condition=Q(due_within_days__isnull=False) | Q(due_date__isnull=False),
                name="tracking_assignment_has_a_due_rule",
            ),
        ]

    def __str__(self) -> str:
        target = self.person or " and ".join(str(t) for t in (self.unit, self.role) if t)
        return f"{self.course} for {target}"


class SentReminder(models.Model):
    """One reminder that went out. The unique key makes a rerun on the same day send nothing."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        EXPIRING = "expiring", _("Expiring soon")
        DIGEST = "digest", _("Manager's weekly digest")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    profile = models.ForeignKey(StaffProfile, on_delete=models.CASCADE, related_name="reminders")
    course = models.ForeignKey(
        CoursePage, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # What makes it unique in time: a due date, an expiry date, or an ISO week ("2026-W48").
    period = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "profile", "course", "period"], name="tracking_reminder_once"
            ),
            models.UniqueConstraint(
                fields=["kind", "profile", "period"],
                condition=Q(course__isnull=True),
                name="tracking_digest_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.profile} ({self.period})"


class ComplianceRecord(models.Model):
    """One person's standing on one assigned course: the dashboard's and exports' table.

    Derived data, kept in step by ``tracking.compliance`` whenever an assignment, a person, an
    enrolment or a completion changes, and rebuilt nightly as a safety net. The dates are stored;
    the status (which moves with the calendar) is worked out in the query from today's date.
    """

    profile = models.ForeignKey(
        StaffProfile, on_delete=models.CASCADE, related_name="compliance_records"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    due = models.DateField()
    started = models.BooleanField(default=False)
    completed_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    # The training this record counts describes the law before this day: a provision its content
    # cited has changed since (law.selectors.law_before). None: on the law as it stands.
    law_changed_on = models.DateField(null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "course"], name="tracking_record_once")
        ]
        indexes = [models.Index(fields=["course", "profile"], name="tracking_record_course")]

    def __str__(self) -> str:
        return f"{self.profile} on {self.course}"


class CompletionCredit(models.Model):
    """A course counted as done for an assignment without being completed online: by attending a
    team session on the whole course, where the trust's rule says that completes it. Written only
    by ``services.completion_credit_set``; read beside completions by ``compliance_rows``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completion_credits"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    credited_at = models.DateTimeField()
    source = models.CharField(max_length=64, help_text="What earned it, as 'label:id'.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "source"], name="credit_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} credited {self.course} ({self.source})"
