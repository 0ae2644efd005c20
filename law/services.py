"""Every change to the law register, and what a change in the law sets in motion.

A change is recorded once (``provision_change_record``). On or after its date it is applied once
(``change_apply``, run by ``law_changes_apply`` from ``manage.py law_changes`` and a daily task):

- the provision takes the change's status and date;
- every course whose live modules cite it, and every question that cites it, is flagged for
  review, and each course's owner is told;
- every holder of a valid certificate whose content cited it and whose law is older than the
  change is told once, and so is each L&D manager whose units hold such people (``LawNotice``);
- such certificates read "describes the law before <date>" wherever they are shown: that is read
  from the certificate's provisions and the change (``law.selectors.law_before``), so it can never
  drift from the register.

Running it again, on any day, changes and sends nothing more.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import audit_record
from core import published
from tracking.services import compliance_refresh

from . import selectors
from .models import LawNotice, Provision, ProvisionChange, ReviewFlag

logger = logging.getLogger("bridge.law")

REVIEW_WORKFLOW = "Legal and lived-experience review"
LEGAL_REVIEWERS = "Clinical and legal reviewers"
LIVED_REVIEWERS = "Lived-experience reviewers"

ERROR_CHANGE_EXISTS = _("That change is already recorded for this provision on that date.")
ERROR_CHANGE_BEFORE_STATUS = _(
    "The provision's status is dated after that day. Record changes in the order they happen."
)

STATUS_AFTER = {
    ProvisionChange.Kind.COMMENCED: Provision.Status.COMMENCED,
    ProvisionChange.Kind.AMENDED: Provision.Status.AMENDED,
    ProvisionChange.Kind.REPEALED: Provision.Status.REPEALED,
}


class LawError(Exception):
    """A change the trainer can correct."""

    status = 400

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def provision_change_record(
    *,
    provision: Provision,
    kind: str,
    effective_on: datetime.date,
    note: str = "",
    actor,
    today=None,
    quiet: bool = False,
) -> ProvisionChange:
    """Record that a provision commences, is amended or is repealed on a day. A change dated today
    or earlier is applied at once; a later one on its day. ``quiet`` is for loading past history
    (the demo): nothing is e-mailed, and its notices count as sent."""
    today = today or timezone.localdate()
    if kind not in ProvisionChange.Kind.values:
        raise LawError(_("Choose what happens to the provision."))
    if provision.status_on and effective_on < provision.status_on:
        raise LawError(ERROR_CHANGE_BEFORE_STATUS)
    try:
        with transaction.atomic():
            change = ProvisionChange.objects.create(
                provision=provision,
                kind=kind,
                effective_on=effective_on,
                note=(note or "").strip(),
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_record(
                actor=actor,
                action="law.change.record",
                obj=change,
                provision=provision.citation,
                kind=kind,
                effective_on=effective_on.isoformat(),
            )
    except IntegrityError:
        raise LawError(ERROR_CHANGE_EXISTS) from None
    if effective_on <= today:
        change_apply(change_id=change.pk, today=today, quiet=quiet)
        change.refresh_from_db(fields=["applied_at"])
    return change


def law_changes_apply(*, today: datetime.date | None = None) -> dict[str, int]:
    """Apply every change whose day has come, once each; then send the notices not yet sent."""
    today = today or timezone.localdate()
    due = ProvisionChange.objects.filter(applied_at__isnull=True, effective_on__lte=today)
    applied = 0
    for change_id in due.order_by("effective_on", "pk").values_list("pk", flat=True):
        applied += change_apply(change_id=change_id, today=today, send=False)
    return {"applied": applied, "emailed": law_notices_send()}


def change_apply(
    *, change_id: int, today: datetime.date | None = None, send: bool = True, quiet: bool = False
) -> int:
    """One change's consequences, once: 1 if it was applied now, 0 if already (or not yet due).
    The flagged courses' owners are e-mailed; ``send`` also e-mails the notices now (else the
    caller does, with ``law_notices_send``)."""
    from courses.models import CoursePage, ModulePage
    from organisation.models import ManagerScope, StaffProfile
    from quizzes.models import Question

    today = today or timezone.localdate()
    with transaction.atomic():
        change = (
            ProvisionChange.objects.select_for_update(of=("self",))
            .select_related("provision")
            .filter(pk=change_id, applied_at__isnull=True, effective_on__lte=today)
            .first()
        )
        if change is None:
            return 0
        provision = change.provision
        provision.status = STATUS_AFTER[change.kind]
        provision.status_on = change.effective_on
        provision.save(update_fields=["status", "status_on", "updated_at"])

        # Content to review: the courses whose live modules cite it (unless their last legal
        # review is already on or after the day), and the questions that do.
        course_ids = set(
            CoursePage.objects.filter(
                pk__in=[
                    module.get_parent().pk
                    for module in ModulePage.objects.live()
                    .filter(provisions=provision)
                    .only("path", "depth")
                ],
                law_as_at__lt=change.effective_on,
            ).values_list("pk", flat=True)
        )
        ReviewFlag.objects.bulk_create(
            [ReviewFlag(change=change, course_id=pk) for pk in sorted(course_ids)],
            ignore_conflicts=True,
        )
        ReviewFlag.objects.bulk_create(
            [
                ReviewFlag(change=change, question_id=pk)
                for pk in Question.objects.filter(provisions=provision).values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
        )

        # People to tell: holders of valid certificates on content that cited it, learnt before,
        # each once (about their latest such certificate), and the L&D managers whose units
        # hold (or are above) theirs, each once, with how many of theirs.
        learners: dict[int, int] = {}
        for user_id, course_id in (
            selectors.certificates_on_old_law(change)
            .order_by("user_id", "-issued_at")
            .values_list("user_id", "course_id")
        ):
            learners.setdefault(user_id, course_id)
        posts = list(
            StaffProfile.objects.filter(user_id__in=list(learners), unit__isnull=False).values_list(
                "user_id", "unit__path"
            )
        )
        per_manager: dict[int, set[int]] = defaultdict(set)
        if posts:
            for manager_id, scope_path in ManagerScope.objects.values_list("user_id", "unit__path"):
                if manager_id not in learners:
                    per_manager[manager_id].update(
                        user_id for user_id, path in posts if path.startswith(scope_path)
                    )
        LawNotice.objects.bulk_create(
            [
                LawNotice(
                    change=change,
                    user_id=user_id,
                    audience=LawNotice.Audience.LEARNER,
                    course_id=course_id,
                )
                for user_id, course_id in learners.items()
            ]
            + [
                LawNotice(
                    change=change,
                    user_id=manager_id,
                    audience=LawNotice.Audience.MANAGER,
                    people=len(people),
                )
                for manager_id, people in per_manager.items()
                if people
            ],
            ignore_conflicts=True,
        )
        change.applied_at = timezone.now()
        change.save(update_fields=["applied_at"])
        published.bump()  # course pages show the provision's status and the review flag
        audit_record(
            actor=None,
            action="law.change.apply",
            obj=change,
            courses=len(course_ids),
            learners=len(learners),
            managers=sum(1 for people in per_manager.values() if people),
        )
    logger.info(
        "law change applied",
        extra={"change": change.pk, "courses": len(course_ids), "learners": len(learners)},
    )
    if learners:  # the compliance records of the people trained on the old law now say so
        compliance_refresh(
            profile_ids=StaffProfile.objects.filter(user_id__in=list(learners)).values_list(
                "pk", flat=True
            )
        )
    flagged = list(CoursePage.objects.filter(pk__in=course_ids).select_related("owner"))
    for course in flagged:
        review_start(course=course)
    if quiet:
        LawNotice.objects.filter(change=change, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        return 1
    _tell_owners(change, flagged)
    if send:
        law_notices_send()
    return 1


def _tell_owners(change: ProvisionChange, courses) -> None:
    """E-mail each flagged course's owner (once: the flag is made once)."""
    base = settings.BASE_URL.rstrip("/")
    for course in courses:
        owner = course.owner
        if owner is None or not owner.email:
            continue
        edit_url = base + reverse("wagtailadmin_pages:edit", args=[course.pk])
        context = {"change": change, "course": course, "edit_url": edit_url}
        _email(
            owner.email,
            _("Review needed: %(course)s") % {"course": course.title},
            "law/email/review",
            context,
        )


def law_notices_send() -> int:
    """E-mail each notice not yet e-mailed, once (the row is marked in the same transaction)."""
    base = settings.BASE_URL.rstrip("/")
    sent = 0
    pending = LawNotice.objects.filter(emailed_at__isnull=True).values_list("pk", flat=True)
    for notice_id in list(pending):
        with transaction.atomic():
            notice = (
                LawNotice.objects.select_for_update(of=("self",))
                .select_related("change__provision", "user", "course")
                .filter(pk=notice_id, emailed_at__isnull=True)
                .first()
            )
            if notice is None:
                continue
            notice.emailed_at = timezone.now()
            notice.save(update_fields=["emailed_at"])
            if notice.user.email:
                context = {
                    "notice": notice,
                    "change": notice.change,
                    "base": base,
                    "dashboard_url": base + reverse("tracking_admin:dashboard"),
                }
                _email(
                    notice.user.email,
                    _("The law has changed: %(citation)s")
                    % {"citation": notice.change.provision.citation},
                    f"law/email/{notice.audience}",
                    context,
                )
                sent += 1
    return sent


def _email(address: str, subject, template: str, context: dict) -> None:
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(str(subject), text, settings.DEFAULT_FROM_EMAIL, [address])
    message.attach_alternative(html, "text/html")
    message.send()


def notice_dismiss(*, user, notice_id: int) -> bool:
    """The learner has read the notice: it leaves "My training". Only their own."""
    return bool(
        LawNotice.objects.filter(pk=notice_id, user=user, dismissed_at__isnull=True).update(
            dismissed_at=timezone.now()
        )
    )


def review_flags_resolve(*, course, actor=None) -> int:
    """A course published with a legal review on or after a change's day: its flags are done."""
    if not course.law_as_at:
        return 0
    with transaction.atomic():
        resolved = ReviewFlag.objects.filter(
            course=course, resolved_at__isnull=True, change__effective_on__lte=course.law_as_at
        ).update(
            resolved_at=timezone.now(), resolved_by=actor if getattr(actor, "pk", None) else None
        )
        if resolved:
            audit_record(actor=actor, action="law.review.resolve", obj=course, flags=resolved)
            published.bump()
    return resolved


def question_flags_resolve(*, question, actor) -> int:
    """A trainer has checked a flagged question against the changed law."""
    with transaction.atomic():
        resolved = ReviewFlag.objects.filter(question=question, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=actor if getattr(actor, "pk", None) else None
        )
        if resolved:
            audit_record(actor=actor, action="law.review.resolve", obj=question, flags=resolved)
    return resolved


def retraining_assign(*, change: ProvisionChange, course, due_date: datetime.date, actor) -> int:
    """L&D assign the revised course, due by ``due_date``, to each person in their scope who was
    trained on the law before the change; only a completion from the change's day meets it.
    Someone already assigned it that way is left as they are. Returns how many were assigned."""
    from tracking import selectors as tracking_selectors
    from tracking import services as tracking_services
    from tracking.models import Assignment

    if change.applied_at is None:
        raise LawError(_("This change has not taken effect yet."))
    if due_date <= timezone.localdate():
        raise LawError(_("Give a due date after today."))
    people = selectors.trained_before(change=change, course=course).filter(
        pk__in=tracking_selectors.staff_in_scope(actor).values("pk")
    )
    already = set(
        Assignment.objects.filter(
            course=course,
            active=True,
            person__in=people,
            completed_after__gte=change.effective_on,
        ).values_list("person_id", flat=True)
    )
    chosen = [profile for profile in people if profile.pk not in already]
    with transaction.atomic():
        tracking_services.person_assignments_create(
            actor=actor,
            course=course,
            profiles=chosen,
            due_date=due_date,
            completed_after=change.effective_on,
        )
        if chosen:
            audit_record(
                actor=actor,
                action="law.retraining.assign",
                obj=change,
                course=course.pk,
                people=len(chosen),
            )
    assigned = len(chosen)
    return assigned


def review_workflow_ensure():
    """The review workflow (a clinical or legal sign-off, then a lived-experience or advocacy
    sign-off) and its two reviewer groups, made once. It is started on a course when a change in
    the law flags it, and is not assigned to any page, so everyday edits publish as before."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Workflow, WorkflowTask

    from .models import RevisionTask, SignOffTask

    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    with transaction.atomic():
        workflow, created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
        revision_task = RevisionTask.objects.filter(workflow_tasks__workflow=workflow).first()
        if revision_task is None:  # first, before the sign-offs (also for a workflow made before)
            for position, link in enumerate(workflow.workflow_tasks.order_by("sort_order"), 1):
                WorkflowTask.objects.filter(pk=link.pk).update(sort_order=position)
            WorkflowTask.objects.create(
                workflow=workflow,
                task=RevisionTask.objects.create(name="Revise for the change in the law"),
                sort_order=0,
            )
        if not created:
            return workflow
        for order, (group_name, role, task_name) in enumerate(
            [
                (LEGAL_REVIEWERS, SignOffTask.Role.LEGAL, "Clinical or legal sign-off"),
                (LIVED_REVIEWERS, SignOffTask.Role.LIVED, "Lived-experience or advocacy sign-off"),
            ]
        ):
            group, _new = Group.objects.get_or_create(name=group_name)
            group.permissions.add(access)
            task = SignOffTask.objects.create(name=task_name, role=role)
            task.groups.set([group])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order + 1)
    return workflow


def review_start(*, course, actor=None):
    """Put a flagged course into the review workflow, unless it is in one already."""
    from wagtail.models import WorkflowState

    if (
        WorkflowState.objects.active()
        .filter(base_content_type=course.get_base_content_type(), object_id=str(course.pk))
        .exists()
    ):
        return None
    workflow = review_workflow_ensure()
    return workflow.start(course, user=actor if getattr(actor, "pk", None) else course.owner)


def signoff_record(*, task_state, user):
    """A reviewer approved their step: keep who, as what, on which revision, when."""
    from .models import ReviewSignOff, SignOffTask

    task = task_state.task.specific
    if not isinstance(task, SignOffTask):
        return None
    workflow_state = task_state.workflow_state
    with transaction.atomic():
        signoff, _created = ReviewSignOff.objects.get_or_create(
            workflow_state=workflow_state,
            role=task.role,
            defaults={
                "page_id": int(workflow_state.object_id),
                "revision": task_state.revision,
                "reviewer": user if getattr(user, "pk", None) else None,
                "reviewer_name": (user.get_full_name() or user.email) if user else "",
                "signed_at": task_state.finished_at or timezone.now(),
            },
        )
        audit_record(actor=user, action="law.review.signoff", obj=signoff, role=task.role)
        published.bump()
    return signoff
