"""Every change to a team session: planning it, signing the register, the shared screen's step,
the live poll, corrections to the register, and closing it, which gives each person their hours.
Each is one function, keyword-only, in a transaction."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import audit_record
from courses import services as course_services
from cpd.services import cpd_entry_for_attendance
from tracking.services import completion_credit_set

from . import selectors
from .models import Attendance, PollAnswer, TeamSession, TeamSessionSettings, new_short_code

logger = logging.getLogger(__name__)

# Present for at least this share of the session: the film counts as watched together, and (by
# the trust's rule) the course as done. Any time at all still earns its participatory hours.
ENOUGH_OF_IT = Decimal("0.75")

ERROR_NO_SUCH_CODE = _(
    "There is no session with that code. Check the code on the shared screen and try again."
)
ERROR_NOT_OPEN_YET = _("The register for this session opens at {time}. Try again then.")
ERROR_CLOSED = _(
    "The register for this session is closed. If you were there, ask the facilitator to add you."
)
ERROR_FULL = _("This session is full. Ask the facilitator to add you.")
ERROR_NOT_ON_REGISTER = _("Sign the register first: type the code on the shared screen.")
ERROR_POLL_CLOSED = _("The poll is not open. The facilitator opens it on the shared screen.")
ERROR_NOT_IN_POLL = _("That statement is not in this session's poll.")
ERROR_SCALE = _("Select one of the answers.")
ERROR_TIMES = _("The time they left must be after the time they arrived.")
ERROR_TIMES_OUTSIDE = _("Enter times on the day of the session.")
ERROR_CANCELLED = _("This session was cancelled.")
ERROR_ALREADY_CLOSED = _("The register is already closed.")
ERROR_NOT_ENDED = _("The register can be closed once the session has started.")


class SessionError(Exception):
    """Something the person can put right; ``status`` is the HTTP status for it."""

    def __init__(self, message, *, status: int = 400):
        super().__init__(str(message))
        self.message, self.status = str(message), status


def _unique_code() -> str:
    for _attempt in range(20):
        code = new_short_code()
        if not TeamSession.objects.filter(short_code=code).exists():
            return code
    raise RuntimeError("no free session code")  # 32**6 codes: unreachable in practice


def _send(*, to: list[str], template: str, subject: str, context: dict) -> None:
    for address in to:
        message = EmailMultiAlternatives(
            subject,
            render_to_string(f"teamsessions/email/{template}.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )
        message.attach_alternative(
            render_to_string(f"teamsessions/email/{template}.html", context), "text/html"
        )
        try:
            message.send()
        except Exception:  # one bad address must not stop the rest, nor undo the session
            logger.exception("team session e-mail to %s failed", address)


def session_schedule(*, actor, data: dict, notify: bool = True) -> TeamSession:
    """Plan a session for a team and tell the team (by e-mail; it shows on their My training).
    ``notify`` is False only where nobody is to be told: the demo trust's seeded sessions."""
    with transaction.atomic():
        session = TeamSession(facilitator=actor, short_code=_unique_code(), **data)
        session.full_clean(exclude=["short_code"])
        session.save()
        audit_record(
            actor=actor,
            action="teamsession.schedule",
            obj=session,
            unit=session.unit_id,
            starts_at=session.starts_at.isoformat(),
        )
        addresses = selectors.team_addresses(session)
        context = {
            "session": session,
            "url": settings.BASE_URL.rstrip("/") + reverse("courses:my_training"),
        }
        subject = str(_("Team session: {title}")).format(title=session.title)
        if notify:
            transaction.on_commit(
                lambda: _send(to=addresses, template="scheduled", subject=subject, context=context)
            )
    return session


def session_cancel(*, actor, session: TeamSession) -> TeamSession:
    with transaction.atomic():
        session = TeamSession.objects.select_for_update().get(pk=session.pk)
        if session.status == TeamSession.Status.CLOSED:
            raise SessionError(ERROR_ALREADY_CLOSED, status=409)
        if session.status != TeamSession.Status.CANCELLED:
            session.status = TeamSession.Status.CANCELLED
            session.save(update_fields=["status"])
            audit_record(actor=actor, action="teamsession.cancel", obj=session)
            addresses = selectors.team_addresses(session)
            subject = str(_("Cancelled: team session {title}")).format(title=session.title)
            transaction.on_commit(
                lambda: _send(
                    to=addresses,
                    template="cancelled",
                    subject=subject,
                    context={"session": session},
                )
            )
    return session


def sign_in(*, user, code: str, method: str = Attendance.Method.CODE, now=None) -> Attendance:
    """Put the person on the register by the session's code, during the session only, once.
    Signing in again returns the first signature unchanged."""
    now = now or timezone.now()
    session = selectors.session_by_code(code)
    if session is None:
        raise SessionError(ERROR_NO_SUCH_CODE, status=404)
    existing = Attendance.objects.filter(session=session, user=user).first()
    if existing is not None:
        return existing
    if session.status == TeamSession.Status.CANCELLED:
        raise SessionError(ERROR_CANCELLED, status=410)
    if now < session.opens_at():
        time = timezone.localtime(session.opens_at()).strftime("%H:%M")
        raise SessionError(str(ERROR_NOT_OPEN_YET).format(time=time), status=403)
    if not session.register_open(now):
        raise SessionError(ERROR_CLOSED, status=403)
    with transaction.atomic():
        session = TeamSession.objects.select_for_update().get(pk=session.pk)
        if session.attendance.count() >= session.capacity:
            raise SessionError(ERROR_FULL, status=409)
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    session=session,
                    user=user,
                    method=method,
                    guest=not selectors.in_team(session, user),
                    arrived_at=max(now, session.starts_at),
                )
        except IntegrityError:  # signed in twice at once: the first stands
            return Attendance.objects.get(session=session, user=user)
    return attendance


def _after_event(session: TeamSession, now) -> bool:
    return session.status == TeamSession.Status.CLOSED or session.has_ended(now)


def register_tick(*, actor, session: TeamSession, user, now=None) -> Attendance:
    """The facilitator adds someone to the register (a team member without a phone, or someone
    who could not sign in). Added after the event, it is audited."""
    now = now or timezone.now()
    if session.status == TeamSession.Status.CANCELLED:
        raise SessionError(ERROR_CANCELLED, status=409)
    with transaction.atomic():
        session = TeamSession.objects.select_for_update().get(pk=session.pk)
        attendance, created = Attendance.objects.get_or_create(
            session=session,
            user=user,
            defaults={
                "method": Attendance.Method.TICKED,
                "guest": not selectors.in_team(session, user),
                "arrived_at": session.starts_at
                if _after_event(session, now)
                else max(now, session.starts_at),
            },
        )
        if created and _after_event(session, now):
            audit_record(
                actor=actor,
                action="teamsession.register_edit",
                obj=session,
                change="added",
                person=user.pk,
                name=user.get_full_name() or user.email,
            )
        if created and session.status == TeamSession.Status.CLOSED:
            _award(attendance)
    return attendance


def _local(moment):
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""


def attendance_times_set(
    *, actor, attendance: Attendance, arrived_at, left_at, now=None
) -> Attendance:
    """Record when someone arrived late or left early. Corrections after the event are audited
    with what they were before, and their hours follow."""
    now = now or timezone.now()
    session = attendance.session
    if left_at is not None and left_at <= arrived_at:
        raise SessionError(ERROR_TIMES)
    day_start = session.starts_at - datetime.timedelta(hours=12)
    day_end = session.ends_at + datetime.timedelta(hours=12)
    if not (day_start <= arrived_at <= day_end) or (
        left_at is not None and not (day_start <= left_at <= day_end)
    ):
        raise SessionError(ERROR_TIMES_OUTSIDE)
    with transaction.atomic():
        attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
        before = (_local(attendance.arrived_at), _local(attendance.left_at))
        attendance.arrived_at, attendance.left_at = arrived_at, left_at
        attendance.save(update_fields=["arrived_at", "left_at"])
        after = (_local(arrived_at), _local(left_at))
        if before != after and _after_event(session, now):
            audit_record(
                actor=actor,
                action="teamsession.register_edit",
                obj=session,
                change="times",
                person=attendance.user_id,
                name=attendance.user.get_full_name() or attendance.user.email,
                before=" – ".join(before),
                after=" – ".join(after),
            )
        if session.status == TeamSession.Status.CLOSED:
            _award(attendance)
    return attendance


def attendance_left_now(*, actor, attendance: Attendance, now=None) -> Attendance:
    """Someone leaves before the end: the facilitator records it as it happens."""
    now = now or timezone.now()
    return attendance_times_set(
        actor=actor,
        attendance=attendance,
        arrived_at=attendance.arrived_at,
        left_at=min(
            max(now, attendance.arrived_at + datetime.timedelta(minutes=1)),
            attendance.session.ends_at,
        ),
        now=now,
    )


def attendance_remove(*, actor, attendance: Attendance, now=None) -> None:
    """Take someone off the register (signed in by mistake). After the event it is audited, and
    the CPD hours and credit it gave are taken back."""
    now = now or timezone.now()
    session = attendance.session
    with transaction.atomic():
        attendance = (
            Attendance.objects.select_for_update().select_related("user").get(pk=attendance.pk)
        )
        if _after_event(session, now):
            audit_record(
                actor=actor,
                action="teamsession.register_edit",
                obj=session,
                change="removed",
                person=attendance.user_id,
                name=attendance.user.get_full_name() or attendance.user.email,
                before=f"{_local(attendance.arrived_at)} – {_local(attendance.left_at)}",
            )
        _award(attendance, present=False)
        attendance.delete()


def presenter_step(*, session: TeamSession, prompt_index=None, poll_open=None) -> TeamSession:
    """Move the shared screen on: which discussion prompt it shows, and whether the poll is open."""
    fields = []
    if prompt_index is not None:
        prompts = selectors.prompts(session)
        session.prompt_index = max(0, min(int(prompt_index), len(prompts)))
        fields.append("prompt_index")
    if poll_open is not None:
        session.poll_open = bool(poll_open) and session.status == TeamSession.Status.SCHEDULED
        fields.append("poll_open")
    if fields:
        TeamSession.objects.filter(pk=session.pk).update(
            **{field: getattr(session, field) for field in fields}
        )
    return session


def voter_of(session: TeamSession, user) -> str:
    """A keyed hash that stands for the person in this session's poll, and nowhere else."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(
        key, f"teamsession-poll:{session.pk}:{user.pk}".encode(), hashlib.sha256
    ).hexdigest()


def poll_answer(*, user, session: TeamSession, question_id, value) -> PollAnswer:
    """Keep one person's answer to one statement (a second answer replaces the first)."""
    if not Attendance.objects.filter(session=session, user=user).exists():
        raise SessionError(ERROR_NOT_ON_REGISTER, status=403)
    if not session.poll_open or session.status != TeamSession.Status.SCHEDULED:
        raise SessionError(ERROR_POLL_CLOSED, status=409)
    questions = {q.pk: q for q in selectors.poll_questions(session)}
    try:
        question = questions[int(question_id)]
    except (KeyError, TypeError, ValueError):
        raise SessionError(ERROR_NOT_IN_POLL, status=400) from None
    try:
        value = question.clean_response(str(value))
    except Exception:
        raise SessionError(ERROR_SCALE, status=400) from None
    answer, _created = PollAnswer.objects.update_or_create(
        session=session, question=question, voter=voter_of(session, user), defaults={"value": value}
    )
    return answer


def session_close(*, actor, session: TeamSession, now=None) -> TeamSession:
    """Close the register: the code stops working, the poll closes, and each person gets their
    participatory hours, a CPD entry, a certificate of attendance and what the trust's rule
    gives. Closing twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        session = TeamSession.objects.select_for_update().get(pk=session.pk)
        if session.status == TeamSession.Status.CANCELLED:
            raise SessionError(ERROR_CANCELLED, status=409)
        if session.status == TeamSession.Status.CLOSED:
            return session
        if now < session.starts_at:
            raise SessionError(ERROR_NOT_ENDED, status=409)
        if now < session.ends_at:  # closed early: the session ended now
            session.ends_at = now
        session.status, session.closed_at, session.poll_open = TeamSession.Status.CLOSED, now, False
        session.save(update_fields=["status", "closed_at", "poll_open", "ends_at"])
        audit_record(actor=actor, action="teamsession.close", obj=session)
        for attendance in session.attendance.select_related("user", "cpd_entry"):
            attendance.session = session
            _award(attendance)
    return session


def close_ended(*, now=None, grace=datetime.timedelta(hours=2)) -> int:
    """Close the registers the facilitators left open, some hours after their end."""
    now = now or timezone.now()
    closed = 0
    for session in TeamSession.objects.filter(
        status=TeamSession.Status.SCHEDULED, ends_at__lte=now - grace
    ):
        session_close(actor=None, session=session, now=now)
        closed += 1
    return closed


def attended_hours(attendance: Attendance) -> Decimal:
    """The time this person was there, within the session, in hours to one decimal place."""
    session = attendance.session
    start = max(attendance.arrived_at, session.starts_at)
    end = min(attendance.left_at or session.ends_at, session.ends_at)
    seconds = max(0.0, (end - start).total_seconds())
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _award(attendance: Attendance, *, present: bool = True) -> None:
    """Bring what the register gives this person in line with it: hours, the CPD entry, the film
    watched together, and the course credit where the trust's rule completes it."""
    session = attendance.session
    hours = attended_hours(attendance) if present else Decimal(0)
    full = session.ends_at - session.starts_at
    share = (
        Decimal(
            (
                min(attendance.left_at or session.ends_at, session.ends_at)
                - max(attendance.arrived_at, session.starts_at)
            ).total_seconds()
        )
        / Decimal(full.total_seconds())
        if present
        else Decimal(0)
    )
    course = session.course.specific
    data = {}
    if hours > 0:
        facilitator = session.facilitator.get_full_name() or session.facilitator.email
        data = {
            "date": timezone.localdate(session.starts_at),
            "topic": str(_("Team session: {title}")).format(title=session.title),
            "relevance": course.cpd_relevance_text,
            "hours": hours,
            "code_themes": list(course.code_themes),
            "evidence": str(
                _(
                    "Facilitated by {facilitator} ({role}) with {team}. "
                    "Certificate of attendance: {url}"
                )
            ).format(
                facilitator=facilitator,
                role=session.get_facilitator_role_display(),
                team=session.unit.name,
                url=selectors.attendance_verify_url(attendance),
            )[:500],
        }
    entry = cpd_entry_for_attendance(entry=attendance.cpd_entry, user=attendance.user, data=data)
    attendance.hours, attendance.cpd_entry = hours, entry
    if attendance.pk and present:
        attendance.save(update_fields=["hours", "cpd_entry"])
    enough = present and share >= ENOUGH_OF_IT
    if enough:
        for module in selectors.covered_modules(session):
            course_services.film_watched_together(
                user=attendance.user, module=module, at=session.ends_at
            )
    rule = selectors.attendance_rule()
    if session.whole_course and rule == TeamSessionSettings.Rule.COMPLETES:
        completion_credit_set(
            user=attendance.user,
            course=course,
            source=f"teamsession:{session.pk}",
            credited_at=session.ends_at if enough else None,
        )
