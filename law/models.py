"""The law a course teaches: provisions trainers keep, the changes to them, and what each change set
in motion (courses and questions to review, people to tell)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import AbstractGroupApprovalTask, Task


class Provision(models.Model):
    """One provision of the law that content cites, such as "MHA 1983 s130D (duty to inform)"."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        ENACTED = "enacted", _("Enacted, not yet commenced")
        COMMENCED = "commenced", _("Commenced")
        AMENDED = "amended", _("Amended")
        REPEALED = "repealed", _("Repealed")

    citation = models.CharField(
        _("citation"),
        max_length=120,
        unique=True,
        help_text=_('Short and exact, as staff would cite it: "MHA 1983 s130D".'),
    )
    title = models.CharField(
        _("what it is about"), max_length=255, help_text=_('For example "Duty to inform".')
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_FORCE
    )
    status_on = models.DateField(
        _("status since"),
        null=True,
        blank=True,
        help_text=_(
            "When it was enacted, commenced, amended or repealed. Recording a change sets this."
        ),
    )
    source_url = models.URLField(
        _("source"),
        max_length=500,
        help_text=_("The provision's own text, for example on legislation.gov.uk."),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("What it means for staff, and what is expected next.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("citation"),
        FieldPanel("title"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("status_on")], heading=_("Status")),
        FieldPanel("source_url"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["citation"]
        verbose_name = _("legal provision")

    def __str__(self) -> str:
        return f"{self.citation}: {self.title}"

    @property
    def in_force(self) -> bool:
        return self.status in (self.Status.IN_FORCE, self.Status.COMMENCED, self.Status.AMENDED)


class ProvisionChange(models.Model):
    """A provision commenced, was amended or was repealed on a date. Its consequences run once,
    on or after that date (``law.services.change_apply``)."""

    class Kind(models.TextChoices):
        COMMENCED = "commenced", _("Commences")
        AMENDED = "amended", _("Is amended")
        REPEALED = "repealed", _("Is repealed")

    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("what happens"), max_length=12, choices=Kind.choices)
    effective_on = models.DateField(_("on"))
    note = models.TextField(_("what changes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = _("change in the law")
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "kind", "effective_on"], name="law_one_change_per_day"
            )
        ]

    HAPPENED = {
        Kind.COMMENCED: _("commenced"),
        Kind.AMENDED: _("was amended"),
        Kind.REPEALED: _("was repealed"),
    }

    def __str__(self) -> str:
        kind = self.get_kind_display().lower()
        return f"{self.provision.citation} {kind} on {self.effective_on:%-d %B %Y}"

    @property
    def happened(self) -> str:
        """The change told after the event: "was amended"."""
        return str(self.HAPPENED[self.kind])


class ReviewFlag(models.Model):
    """A course, or a question, to review because a provision it cites has changed."""

    change = models.ForeignKey(ProvisionChange, on_delete=models.CASCADE, related_name="flags")
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="law_flags",
    )
    question = models.ForeignKey(
        "quizzes.Question",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="law_flags",
    )
    flagged_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-flagged_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False, question__isnull=True)
                | Q(course__isnull=True, question__isnull=False),
                name="law_flag_names_one_thing",
            ),
            models.UniqueConstraint(
                fields=["change", "course"],
                condition=Q(course__isnull=False),
                name="law_flag_course_once",
            ),
            models.UniqueConstraint(
                fields=["change", "question"],
                condition=Q(question__isnull=False),
                name="law_flag_question_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.course or self.question} for {self.change}"


class LawNotice(models.Model):
    """One person told, once, that the law changed under training they hold: a learner whose
    certificate describes the law before the change, or an L&D manager of such learners."""

    class Audience(models.TextChoices):
        LEARNER = "learner", _("Learner")
        MANAGER = "manager", _("L&D manager")

    change = models.ForeignKey(ProvisionChange, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="law_notices"
    )
    audience = models.CharField(max_length=8, choices=Audience.choices)
    course = models.ForeignKey(
        "courses.CoursePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    people = models.PositiveIntegerField(default=0, help_text="For a manager: how many of theirs.")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["change", "user"], name="law_notice_once")]

    def __str__(self) -> str:
        return f"{self.user} told of {self.change}"


class RevisionTask(Task):
    """The first step of a review after a change in the law: the course team revises the course
    (it stays open to them, unlike the sign-off steps) and sends it for sign-off when ready.
    Anyone who may edit the course may send it on, and sees it awaiting them."""

    @staticmethod
    def may_edit(obj, user) -> bool:
        """The page permissions themselves (``can_edit`` would ask this task again)."""
        from wagtail.models import PagePermissionTester

        permissions = PagePermissionTester(user, obj).permissions
        return user.is_active and (
            user.is_superuser
            or "change" in permissions
            or ("add" in permissions and obj.owner_id == user.pk)
        )

    def user_can_access_editor(self, obj, user):
        return self.may_edit(obj, user)

    def locked_for_user(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self.may_edit(obj, user):
            return [("approve", _("Send for sign-off"), False)]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from django.db.models import CharField, Q
        from django.db.models.functions import Cast
        from wagtail.models import Page, TaskState
        from wagtail.permission_policies.pages import PagePermissionPolicy

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change"])
        pages = (
            Page.objects.filter(Q(pk__in=editable.values("pk")) | Q(owner=user))
            .annotate(key=Cast("pk", CharField()))
            .values("key")
        )
        return states.filter(workflow_state__object_id__in=pages)

    @classmethod
    def get_description(cls):
        return _("The course team revises the course, then sends it for sign-off")

    class Meta:
        verbose_name = _("revision for a change in the law")
        verbose_name_plural = _("revisions for a change in the law")


class SignOffTask(AbstractGroupApprovalTask):
    """A review step whose approval is a named sign-off: by a clinical or legal reviewer, or by a
    lived-experience or advocacy reviewer (the films and courses are made with people who use
    services). Each approval is kept as a ``ReviewSignOff``."""

    class Role(models.TextChoices):
        LEGAL = "legal", _("Clinical or legal reviewer")
        LIVED = "lived", _("Lived-experience or advocacy reviewer")

    role = models.CharField(_("signs off as"), max_length=8, choices=Role.choices)

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields, "role"]

    class Meta:
        verbose_name = _("review sign-off")
        verbose_name_plural = _("review sign-offs")


class ReviewSignOff(models.Model):
    """One reviewer's sign-off of a course, against the revision they approved."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", on_delete=models.CASCADE, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=8, choices=SignOffTask.Role.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_name = models.CharField(max_length=255)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["workflow_state", "role"], name="law_signoff_once")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_name} ({self.get_role_display()}) on {self.signed_at:%-d %B %Y}"
