"""Facilitated team sessions: a film watched and talked through together on a ward, with a
register people sign on their own phones, an anonymous live poll of the attitude statements, and
participatory CPD hours for the time each person was there."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from certificates import codes
from core.durations import hours_in_words

# A short code is typed on a phone: six characters of the certificates' unambiguous alphabet.
SHORT_CODE_LENGTH = 6
# The register opens this long before the start, so people arriving early can sign in.
OPENS_BEFORE = datetime.timedelta(minutes=15)


def new_short_code() -> str:
    return "".join(secrets.choice(codes.ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def new_certificate_code() -> str:
    return codes.new_code()


class TeamSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CLOSED = "closed", _("Register closed")
        CANCELLED = "cancelled", _("Cancelled")

    class FacilitatorRole(models.TextChoices):
        TRAINER = "trainer", _("Trainer")
        WARD_MANAGER = "ward_manager", _("Ward or team manager")
        ADVOCATE = "advocate", _("Advocate invited by the trust")

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="team_sessions"
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="team_sessions",
        help_text=_("Leave empty for a session on the whole course."),
    )
    unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="team_sessions"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_sessions"
    )
    facilitator_role = models.CharField(
        _("facilitator's role"), max_length=16, choices=FacilitatorRole.choices
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"))
    short_code = models.CharField(max_length=SHORT_CODE_LENGTH, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # What the shared screen shows: the prompt at this index (0 = none yet) and whether the
    # poll is open for answers.
    prompt_index = models.PositiveSmallIntegerField(default=0)
    poll_open = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        indexes = [models.Index(fields=["unit", "starts_at"], name="teamsession_unit_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="teamsession_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="teamsession_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.unit} ({timezone.localtime(self.starts_at):%d %b %Y %H:%M})"

    @property
    def title(self) -> str:
        return self.module.title if self.module_id else self.course.title

    @property
    def whole_course(self) -> bool:
        return self.module_id is None

    def opens_at(self) -> datetime.datetime:
        return self.starts_at - OPENS_BEFORE

    def register_open(self, now=None) -> bool:
        """Signing in by code works from shortly before the start until the end, and not once the
        register is closed or the session cancelled."""
        now = now or timezone.now()
        return self.status == self.Status.SCHEDULED and self.opens_at() <= now < self.ends_at

    def has_started(self, now=None) -> bool:
        """The register can be closed once the session has begun (closing early ends it)."""
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now=None) -> bool:
        return (now or timezone.now()) >= self.ends_at

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class Attendance(models.Model):
    """One person on a session's register, with the times they were there."""

    class Method(models.TextChoices):
        CODE = "code", _("Typed the code")
        QR = "qr", _("Scanned the QR code")
        TICKED = "ticked", _("Ticked by the facilitator")

    session = models.ForeignKey(TeamSession, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="session_attendance"
    )
    method = models.CharField(max_length=8, choices=Method.choices)
    guest = models.BooleanField(
        default=False, help_text=_("From outside the team the session was for.")
    )
    arrived_at = models.DateTimeField(_("arrived"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    signed_in_at = models.DateTimeField(auto_now_add=True)
    # Set when the register is closed (and kept up to date by later corrections).
    hours = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    cpd_entry = models.OneToOneField(
        "cpd.CpdEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    certificate_code = models.CharField(
        max_length=64, unique=True, default=new_certificate_code, editable=False
    )

    class Meta:
        ordering = ["arrived_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gt=models.F("arrived_at")),
                name="attendance_left_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.session}"

    @property
    def hours_words(self) -> str:
        return hours_in_words(self.hours)

    @property
    def grouped_code(self) -> str:
        return codes.grouped(self.certificate_code)

    def late(self) -> bool:
        return self.arrived_at > self.session.starts_at + datetime.timedelta(minutes=5)

    def left_early(self) -> bool:
        return self.left_at is not None and self.left_at < self.session.ends_at


class PollAnswer(models.Model):
    """One answer to an attitude statement in a session's live poll. Nobody's name is kept: the
    voter is a keyed hash of the session and the person, so each person answers once (and may
    change their answer) but the answers cannot be joined back to the register."""

    session = models.ForeignKey(TeamSession, on_delete=models.CASCADE, related_name="poll")
    question = models.ForeignKey(
        "quizzes.LikertQuestion", on_delete=models.CASCADE, related_name="+"
    )
    voter = models.CharField(max_length=64)
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "question", "voter"], name="poll_once"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="poll_scale"),
        ]

    def __str__(self) -> str:
        return f"Poll answer {self.value} in {self.session_id}"


@register_setting(icon="group")
class TeamSessionSettings(BaseSiteSetting):
    """The trust's rule for what attending a team session counts for."""

    class Rule(models.TextChoices):
        COUNTS = (
            "counts",
            _(
                "Counts toward the course: the film is done together; the knowledge check is still "
                "required"
            ),
        )
        COMPLETES = (
            "completes",
            _("Completes the course's assignment (a session on the whole course only)"),
        )

    attendance_rule = models.CharField(
        _("what attending a team session counts for"),
        max_length=10,
        choices=Rule.choices,
        default=Rule.COUNTS,
    )

    panels = [FieldPanel("attendance_rule")]

    class Meta:
        verbose_name = _("team sessions")
