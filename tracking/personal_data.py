"""A person's data: everything Bridge holds about them (subject access), and erasure.

Erasure pseudonymises identity and keeps the training statistics: completions, attempts and
scores stay (so trust totals do not change), while names, e-mail addresses, registration numbers,
free text and certificate files go.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import AuditEvent, User
from accounts.services import audit_record
from certificates import rendering
from certificates.models import Certificate
from courses.models import (
    CheckpointAnswer,
    CourseCompletion,
    Enrolment,
    ModuleProgress,
    ModuleReflection,
)
from cpd.models import CpdEntry, ReflectiveAccount
from organisation.models import StaffProfile
from quizzes.models import FreeTextQuestion, Question, QuizAttempt, Response

ERASED_NAME = "Erased person"


def _dt(value):
    return value.isoformat() if value else None


def subject_access_export(*, user: User) -> dict:
    """Everything held about a person, as plain data. A fixed number of queries."""
    profile = (
        StaffProfile.objects.filter(user=user)
        .select_related("unit", "role", "line_manager")
        .first()
    )
    attempts = (
        QuizAttempt.objects.filter(user=user).select_related("quiz").prefetch_related("responses")
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "job_title": user.job_title,
            "registration_body": user.registration_body,
            "registration_number": user.registration_number,
            "date_joined": _dt(user.date_joined),
            "last_login": _dt(user.last_login),
        },
        "staff_record": None
        if profile is None
        else {
            "employee_number": profile.employee_number,
            "name": profile.name,
            "email": profile.email,
            "nmc_pin": profile.nmc_pin,
            "unit": profile.unit.name,
            "role": profile.role.name,
            "line_manager": profile.line_manager.name if profile.line_manager else None,
            "status": profile.status,
            "joined_on": profile.joined_on.isoformat(),
        },
        "enrolments": [
            {"course": e.course.title, "enrolled_at": _dt(e.enrolled_at)}
            for e in Enrolment.objects.filter(user=user).select_related("course")
        ],
        "module_progress": [
            {
                "module": p.module.title,
                "film_seconds_watched": p.film_seconds_watched,
                "film_watched_at": _dt(p.film_watched_at),
                "transcript_confirmed_at": _dt(p.transcript_confirmed_at),
                "quiz_passed_at": _dt(p.quiz_passed_at),
                "completed_at": _dt(p.completed_at),
            }
            for p in ModuleProgress.objects.filter(user=user).select_related("module")
        ],
        "reflections": [
            {"module": r.module.title, "text": r.text, "updated_at": _dt(r.updated_at)}
            for r in ModuleReflection.objects.filter(user=user).select_related("module")
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.title,
                "purpose": a.purpose,
                "status": a.status,
                "points": str(a.points) if a.points is not None else None,
                "max_points": str(a.max_points) if a.max_points is not None else None,
                "passed": a.passed,
                "started_at": _dt(a.started_at),
                "answers": [
                    {"question": r.question_id, "answer": r.answer} for r in a.responses.all()
                ],
            }
            for a in attempts
        ],
        "checkpoint_answers": [
            {"module": c.module.title, "question": c.question_id, "answer": c.answer}
            for c in CheckpointAnswer.objects.filter(user=user).select_related("module")
        ],
        "completions": [
            {"course": c.course.title, "round": c.round, "completed_at": _dt(c.completed_at)}
            for c in CourseCompletion.objects.filter(user=user).select_related("course")
        ],
        "certificates": [
            {
                "code": c.code,
                "course": c.course_title,
                "status": c.state,
                "issued_at": _dt(c.issued_at),
                "sha256": c.sha256,
            }
            for c in Certificate.objects.filter(user=user)
        ],
        "cpd_entries": [
            {
                "date": e.date.isoformat(),
                "topic": e.topic,
                "method": e.method,
                "hours": str(e.hours),
                "participatory_hours": str(e.participatory_hours),
                "relevance": e.relevance,
                "evidence": e.evidence,
            }
            for e in CpdEntry.objects.filter(user=user)
        ],
        "reflective_accounts": [
            {
                "title": a.title,
                "what_learned": a.what_learned,
                "how_changed": a.how_changed,
                "code_relation": a.code_relation,
            }
            for a in ReflectiveAccount.objects.filter(user=user)
        ],
        "audit_events": [
            {"action": e.action, "at": _dt(e.at)}
            for e in AuditEvent.objects.filter(actor=user)[:1000]
        ],
    }


def subject_access_pdf(*, data: dict) -> bytes:
    html = render_to_string("tracking/personal_data_pdf.html", {"data": data})
    return rendering.render_pdf(html)


def person_erase(*, user: User, actor) -> None:
    """Pseudonymise a person everywhere, keeping their anonymous training statistics."""
    token = uuid.uuid4().hex[:12]
    pseudonym = f"erased-{token}@erased.invalid"
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.email = user.username = pseudonym
        user.first_name, user.last_name = "Erased", "person"
        user.job_title = user.registration_number = user.registration_body = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        StaffProfile.objects.filter(user=user).update(
            first_name="Erased", last_name="person", email=pseudonym, nmc_pin=""
        )
        for certificate in Certificate.objects.filter(user=user):
            if certificate.pdf:
                certificate.pdf.delete(save=False)
            certificate.learner_name = ERASED_NAME
            certificate.registration = ""
            certificate.save(update_fields=["pdf", "learner_name", "registration"])
        CpdEntry.objects.filter(user=user).update(relevance="", evidence="")
        ReflectiveAccount.objects.filter(user=user).delete()
        ModuleReflection.objects.filter(user=user).delete()
        free_text_ids = list(
            Question.objects.instance_of(FreeTextQuestion).values_list("pk", flat=True)
        )
        Response.objects.filter(attempt__user=user, question_id__in=free_text_ids).update(answer="")
        audit_record(actor=actor, action="person.erase", obj=user)
