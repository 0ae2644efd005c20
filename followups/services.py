"""Follow-ups: scheduled by a completion, sent once on their day, reminded once, answered or
declined once. Every change to a follow-up goes through here."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import audit_record
from quizzes import services as quiz_services
from quizzes.models import QuizAttempt

from . import selectors
from .models import Behaviour, FollowUp

logger = logging.getLogger(__name__)

REMIND_AFTER_DAYS = 14


class FollowUpError(Exception):
    """Something the learner can put right; ``status`` is the HTTP status for it."""

    status = 400

    def __init__(self, message, *, errors=None):
        super().__init__(str(message))
        self.message, self.errors = str(message), dict(errors or {})


def followup_schedule(*, completion) -> FollowUp | None:
    """The follow-up of a completion, ``followup_weeks`` after it (none if the course has none)."""
    course = completion.course
    if not course.followup_weeks:
        return None
    due_on = timezone.localdate(completion.completed_at) + datetime.timedelta(
        weeks=course.followup_weeks
    )
    followup, _created = FollowUp.objects.get_or_create(
        completion=completion,
        defaults={"user_id": completion.user_id, "course": course, "due_on": due_on},
    )
    return followup


def _email(followup: FollowUp, *, template: str, subject) -> None:
    address = followup.user.email
    if not address:
        return
    context = {
        "followup": followup,
        "url": settings.BASE_URL.rstrip("/") + reverse("followups:answer", args=[followup.pk]),
    }
    message = EmailMultiAlternatives(
        str(subject),
        render_to_string(f"followups/email/{template}.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )
    message.attach_alternative(
        render_to_string(f"followups/email/{template}.html", context), "text/html"
    )
    message.send()


def followups_send(*, today: datetime.date | None = None, now=None) -> dict[str, int]:
    """Invite the learners whose follow-up is due, and remind once those who have neither answered
    nor declined after ``REMIND_AFTER_DAYS``. Each is claimed by a conditional update first, so
    however often (or however many workers) run it, nobody is invited or reminded twice."""
    if now is None:
        now = timezone.now()
        if today is not None:  # a day given (the command's --today): that day, at this time
            now = timezone.make_aware(datetime.datetime.combine(today, timezone.localtime().time()))
    today = today or timezone.localdate(now)
    sent = {"invited": 0, "reminded": 0}
    due = FollowUp.objects.filter(
        status=FollowUp.Status.SCHEDULED, due_on__lte=today, user__is_active=True
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            if not FollowUp.objects.filter(pk=pk, status=FollowUp.Status.SCHEDULED).update(
                status=FollowUp.Status.INVITED, invited_at=now
            ):
                continue
            followup = FollowUp.objects.select_related("user", "course").get(pk=pk)
            _email(followup, template="invite", subject=_("Has your practice changed?"))
            sent["invited"] += 1
    cutoff = now - datetime.timedelta(days=REMIND_AFTER_DAYS)
    stale = FollowUp.objects.filter(
        status=FollowUp.Status.INVITED,
        reminded_at__isnull=True,
        invited_at__lte=cutoff,
        user__is_active=True,
    ).values_list("pk", flat=True)
    for pk in list(stale):
        with transaction.atomic():
            if not FollowUp.objects.filter(
                pk=pk, status=FollowUp.Status.INVITED, reminded_at__isnull=True
            ).update(reminded_at=now):
                continue
            followup = FollowUp.objects.select_related("user", "course").get(pk=pk)
            _email(
                followup, template="reminder", subject=_("A reminder: has your practice changed?")
            )
            sent["reminded"] += 1
    if any(sent.values()):
        logger.info("follow-ups sent", extra=sent)
    return sent


def followup_answer(
    *, user, followup_id: int, answers: dict, behaviours: list[str], changes: str, now=None
) -> FollowUp:
    """The learner's answers: the attitude statements again (graded as their own attempt) and
    what they did differently. Answering twice (a double click, a second tab) keeps the first."""
    now = now or timezone.now()
    followup = selectors.followup_of(user, followup_id)
    if followup is None:
        raise FollowUpError(_("That follow-up is not yours, or does not exist."), errors={})
    if followup.status == FollowUp.Status.ANSWERED:
        return followup
    if followup.status == FollowUp.Status.SCHEDULED:
        raise FollowUpError(_("This follow-up is not open yet."))
    known = set(Behaviour.values)
    if any(b not in known for b in behaviours):
        raise FollowUpError(_("Choose what you did from the list."))
    changes = (changes or "").strip()
    if len(changes) > 4000:
        raise FollowUpError(_("Keep what you did differently to 4,000 characters."))
    attempt = None
    quiz = selectors.attitude_quiz(followup.course)
    if quiz is not None:
        try:
            attempt = quiz_services.attempt_start(
                user=user,
                quiz=quiz,
                purpose=QuizAttempt.Purpose.ATTITUDE_FOLLOWUP,
                context_id=followup.course_id,
                now=now,
            )
            attempt = quiz_services.attempt_submit(
                attempt=attempt, answers=answers, user=user, now=now
            )
        except quiz_services.AttemptError as error:
            raise FollowUpError(error.message, errors=error.errors) from error
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
        if locked.status == FollowUp.Status.ANSWERED:
            return locked
        locked.status = FollowUp.Status.ANSWERED
        locked.answered_at = now
        locked.attempt = attempt
        locked.behaviours = [b for b in Behaviour.values if b in behaviours]
        locked.changes = changes
        locked.save(update_fields=["status", "answered_at", "attempt", "behaviours", "changes"])
        audit_record(actor=user, action="followup.answer", obj=locked)
    return locked


def followup_decline(*, user, followup_id: int, now=None) -> FollowUp:
    """The learner would rather not: no more reminders. They can still answer later."""
    followup = selectors.followup_of(user, followup_id)
    if followup is None:
        raise FollowUpError(_("That follow-up is not yours, or does not exist."))
    with transaction.atomic():
        updated = FollowUp.objects.filter(pk=followup.pk, status=FollowUp.Status.INVITED).update(
            status=FollowUp.Status.DECLINED, declined_at=now or timezone.now()
        )
        if updated:
            audit_record(actor=user, action="followup.decline", obj=followup)
    followup.refresh_from_db()
    return followup
