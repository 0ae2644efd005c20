"""Writes for L&D: assignments (made and removed, audited), reminders (sent once each), and the
compliance table kept in step with its sources."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from courses.models import CoursePage
from organisation.models import StaffProfile

from . import selectors
from . import status as st
from .models import Assignment, CompletionCredit, ComplianceRecord, SentReminder


def assignment_create(
    *,
    actor,
    course,
    unit=None,
    include_subunits=True,
    role=None,
    person=None,
    due_within_days=None,
    due_from=Assignment.DueFrom.ASSIGNMENT,
    due_date=None,
    renewal_months=None,
    completed_after=None,
) -> Assignment:
    if unit is None and role is None and person is None:
        raise ValidationError(_("Choose a unit, a role or a person."))
    if due_within_days is None and due_date is None:
        raise ValidationError(_("Give a due date or a number of days."))
    assignment = Assignment(
        course=course,
        unit=unit,
        include_subunits=include_subunits,
        role=role,
        person=person,
        due_within_days=due_within_days,
        due_from=due_from,
        due_date=due_date,
        renewal_months=renewal_months,
        completed_after=completed_after,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    with transaction.atomic():
        assignment.full_clean()
        assignment.save()
        audit_record(
            actor=actor,
            action="assignment.create",
            obj=assignment,
            course=course.pk,
            unit=getattr(unit, "pk", None),
            role=getattr(role, "pk", None),
            person=getattr(person, "pk", None),
        )
    return assignment


def person_assignments_create(
    *, actor, course, profiles, due_date, completed_after=None
) -> list[Assignment]:
    """The same course, due by one date, assigned to each of these people by name; their
    compliance records are refreshed once, together (not once per assignment)."""
    profiles = list(profiles)
    if due_date is None:
        raise ValidationError(_("Give a due date or a number of days."))
    created_by = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        assignments = Assignment.objects.bulk_create(
            [
                Assignment(
                    course=course,
                    person=profile,
                    due_date=due_date,
                    completed_after=completed_after,
                    created_by=created_by,
                )
                for profile in profiles
            ]
        )
        for assignment in assignments:
            audit_record(
                actor=actor,
                action="assignment.create",
                obj=assignment,
                course=course.pk,
                person=assignment.person_id,
            )
        compliance_refresh(profile_ids=[p.pk for p in profiles], course_id=course.pk)
    return assignments


def assignment_remove(*, actor, assignment: Assignment) -> Assignment:
    """Stop an assignment. Its history stays; reminders about it stop."""
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.active:
            locked.active = False
            locked.removed_at = timezone.now()
            locked.save(update_fields=["active", "removed_at"])
            audit_record(actor=actor, action="assignment.remove", obj=locked)
    return locked


def compliance_refresh(*, profile_ids=None, course_id=None, chunk: int = 1000) -> int:
    """Recompute the compliance records of these people (everyone when None), for one course or
    all, from the live rules in ``selectors.compliance_rows``. Returns the number of records kept.

    Works in chunks of people, each in its own transaction holding those people's rows locked, so
    two refreshes that overlap (a learner completing while L&D assigns) wait for each other
    instead of writing a stale answer, and a whole rebuild never blocks a learner for long.
    """
    course = None
    if course_id is not None:
        course = CoursePage.objects.filter(pk=course_id).first()
        if course is None:
            return 0
    if profile_ids is None:
        profile_ids = StaffProfile.objects.values_list("pk", flat=True)
    profile_ids = sorted(set(profile_ids))
    return sum(
        _refresh_chunk(profile_ids[start : start + chunk], course)
        for start in range(0, len(profile_ids), chunk)
    )


def _refresh_chunk(profile_ids: list[int], course) -> int:
    with transaction.atomic():
        # Lock these people first, in a fixed order: the rows read next are then current.
        list(
            StaffProfile.objects.select_for_update()
            .filter(pk__in=profile_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        stamp = timezone.now()
        rows = selectors.compliance_rows(
            profiles=StaffProfile.objects.filter(
                pk__in=profile_ids, status=StaffProfile.Status.ACTIVE
            ),
            course=course,
        )
        records = [
            ComplianceRecord(
                profile_id=row.profile.pk,
                course_id=row.course.pk,
                due=row.due,
                started=row.started,
                completed_on=row.completed_on,
                expires_on=row.expires_on,
                law_changed_on=row.law_changed_on,
                refreshed_at=stamp,
            )
            for row in rows
        ]
        ComplianceRecord.objects.bulk_create(
            records,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["profile", "course"],
            update_fields=[
                "due",
                "started",
                "completed_on",
                "expires_on",
                "law_changed_on",
                "refreshed_at",
            ],
        )
        stale = ComplianceRecord.objects.filter(profile_id__in=profile_ids, refreshed_at__lt=stamp)
        if course is not None:
            stale = stale.filter(course=course)
        stale.delete()
    return len(records)


def compliance_refresh_for_user(*, user_id: int, course_id: int | None = None) -> int:
    """A learner enrolled or completed: refresh the staff records that are theirs (linked, or not
    yet linked but with their e-mail address)."""
    email = User.objects.filter(pk=user_id).values_list("email", flat=True).first()
    query = Q(user_id=user_id)
    if email:
        query |= Q(user__isnull=True, email__iexact=email)
    profile_ids = list(StaffProfile.objects.filter(query).values_list("pk", flat=True))
    return compliance_refresh(profile_ids=profile_ids, course_id=course_id)


def completion_credit_set(*, user, course, source: str, credited_at=None) -> None:
    """Count ``course`` as done for ``user`` at ``credited_at`` by ``source`` (a team session,
    say), or take that back with ``credited_at=None``; their compliance follows at once."""
    with transaction.atomic():
        if credited_at is None:
            CompletionCredit.objects.filter(user=user, course=course, source=source).delete()
        else:
            CompletionCredit.objects.update_or_create(
                user=user, course=course, source=source, defaults={"credited_at": credited_at}
            )
        compliance_refresh_for_user(user_id=user.pk, course_id=course.pk)


def _week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _send_once(
    *,
    kind: str,
    profile: StaffProfile,
    course,
    period: str,
    subject: str,
    template: str,
    context: dict,
) -> bool:
    """Record and send one reminder; False if it was sent before (the unique key decides)."""
    address = profile.email or (profile.user.email if profile.user_id else "")
    if not address:  # a staff record with no address and no sign-in: L&D see them on the dashboard
        return False
    try:
        with transaction.atomic():
            SentReminder.objects.create(kind=kind, profile=profile, course=course, period=period)
            text = render_to_string(f"tracking/email/{template}.txt", context)
            html = render_to_string(f"tracking/email/{template}.html", context)
            message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
            message.attach_alternative(html, "text/html")
            message.send()
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """E-mail learners whose course is due soon, overdue (weekly) or expiring soon, and each line
    manager a weekly digest of their team. Safe to run any number of times a day."""
    today = today or timezone.localdate()
    base = settings.BASE_URL.rstrip("/")
    rows = selectors.compliance_rows(
        profiles=StaffProfile.objects.filter(status=StaffProfile.Status.ACTIVE), today=today
    )
    sent = defaultdict(int)
    by_manager = defaultdict(list)
    for row in rows:
        context = {"row": row, "profile": row.profile, "course_url": base + row.course.url}
        if row.status == st.DUE_SOON:
            kind, period, subject = "due_soon", row.due.isoformat(), _("Training due soon: %s")
        elif row.status in (st.OVERDUE, st.EXPIRED):
            kind, period, subject = "overdue", _week(today), _("Training overdue: %s")
        elif row.status == st.EXPIRING_SOON:
            kind, period, subject = (
                "expiring",
                row.expires_on.isoformat(),
                _("Training to renew: %s"),
            )
        else:
            kind = None
        if kind and _send_once(
            kind=kind,
            profile=row.profile,
            course=row.course,
            period=period,
            subject=subject % row.course.title,
            template=kind,
            context=context,
        ):
            sent[kind] += 1
        if row.profile.line_manager_id and row.status not in st.COMPLIANT:
            by_manager[row.profile.line_manager_id].append(row)
    managers = StaffProfile.objects.in_bulk(list(by_manager))
    for manager_id, team_rows in by_manager.items():
        manager = managers[manager_id]
        context = {
            "manager": manager,
            "rows": sorted(team_rows, key=lambda r: r.profile.last_name),
            "dashboard_url": base + "/my-team/",
        }
        if _send_once(
            kind="digest",
            profile=manager,
            course=None,
            period=_week(today),
            subject=_("Your team's training this week"),
            template="digest",
            context=context,
        ):
            sent["digest"] += 1
    return dict(sent)
