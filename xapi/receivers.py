"""What becomes a statement: receivers on the records' saves, inside the transaction that saves
them (the outbox row commits with the change, or not at all). The lower apps know nothing of
xAPI. Each statement's key names the event, so saving a record again makes nothing new."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from certificates.models import Certificate
from courses.models import CheckpointAnswer, CourseCompletion, ModuleProgress
from quizzes.models import QuizAttempt
from teamsessions.models import Attendance

from . import services
from . import statements as xs

MILESTONES = (25, 50, 75, 100)


def _module_activity(module) -> dict:
    return xs.activity(xs.page_url(module), "module", module.title)


def _course_of(module):
    from courses.models import CoursePage

    return CoursePage.objects.filter(pk=module.get_parent().pk).first()


def _score(points, max_points) -> dict:
    return {
        "scaled": xs.scaled(points, max_points),
        "raw": float(points or 0),
        "min": 0,
        "max": float(max_points or 0),
    }


def _events(progress) -> list[tuple[str, str, object, dict | None]]:
    """What this save of the learner's progress may record: (key, verb, when, result)."""
    events = []
    if progress.film_opened_at:  # the learner started the module's film (not a team's showing)
        events.append((f"launched:{progress.pk}", "launched", progress.film_opened_at, None))
    if progress.film_duration:
        percent = min(100, int(100 * progress.film_seconds_watched / progress.film_duration))
        at = progress.film_last_heartbeat_at or progress.updated_at
        for milestone in (m for m in MILESTONES if percent >= m):
            key = f"progressed:{progress.pk}:{progress.film_block_id}:{milestone}"
            events.append((key, "progressed", at, {"extensions": {xs.PROGRESS: milestone}}))
    if progress.completed_at:
        key = f"completed:{progress.pk}:{progress.completed_at.isoformat()}"
        events.append((key, "completed", progress.completed_at, {"completion": True}))
    return events


@receiver(post_save, sender=ModuleProgress, dispatch_uid="xapi.module_progress")
def module_progress(sender, instance, raw=False, **kwargs):
    """Runs on every film heartbeat: one query when there is nothing new to record."""
    if raw or not services.configured():
        return
    events = _events(instance)
    recorded = services.recorded({xs.statement_id(key) for key, *_rest in events})
    events = [e for e in events if xs.statement_id(e[0]) not in recorded]
    if not events:
        return
    module = instance.module
    obj = _module_activity(module)
    course = _course_of(module)
    parent = xs.activity(xs.page_url(course), "course", course.title) if course else None
    for key, verb, at, result in events:
        services.statement_record(
            xs.statement(
                key=key,
                user=instance.user,
                verb=verb,
                obj=obj,
                at=at,
                result=result,
                parent=parent,
            )
        )


@receiver(post_save, sender=CheckpointAnswer, dispatch_uid="xapi.checkpoint_answer")
def checkpoint_answered(sender, instance, raw=False, **kwargs):
    if raw or not services.configured():
        return
    module = instance.module
    url = f"{xs.page_url(module)}#checkpoint-{instance.block_id}-{instance.question_id}"
    text = (instance.question_snapshot or {}).get("text", "Checkpoint question")
    services.statement_record(
        xs.statement(
            key=f"checkpoint:{instance.pk}:{instance.answered_at.isoformat()}",
            user=instance.user,
            verb="answered",
            obj=xs.activity(url, "question", text),
            at=instance.answered_at,
            result={
                "score": _score(instance.points, instance.max_points),
                "success": instance.points == instance.max_points,
            },
            parent=_module_activity(module),
        )
    )


@receiver(post_save, sender=QuizAttempt, dispatch_uid="xapi.quiz_attempt")
def quiz_graded(sender, instance, raw=False, **kwargs):
    if raw or not services.configured() or instance.status != QuizAttempt.Status.GRADED:
        return
    if instance.passed is None:  # an attitude questionnaire: no pass or fail, no right answers
        return
    quiz_url = f"{xs.base_url()}/quizzes/{instance.quiz_id}/"
    quiz = xs.activity(quiz_url, "assessment", instance.quiz.title)
    at = instance.graded_at or instance.submitted_at
    texts = {
        item.get("id"): (item.get("fields") or {}).get("text", "")
        for item in instance.snapshot or []
    }
    for response in instance.responses.all():
        services.statement_record(
            xs.statement(
                key=f"answered:{response.pk}:{instance.pk}",
                user=instance.user,
                verb="answered",
                obj=xs.activity(
                    f"{quiz_url}#question-{response.question_id}",
                    "question",
                    texts.get(response.question_id) or f"Question {response.question_id}",
                ),
                at=at,
                result={"score": {"raw": float(response.points or 0), "min": 0}},
                parent=quiz,
            )
        )
    services.statement_record(
        xs.statement(
            key=f"graded:{instance.pk}",
            user=instance.user,
            verb="passed" if instance.passed else "failed",
            obj=quiz,
            at=at,
            result={
                "score": _score(instance.points, instance.max_points),
                "success": bool(instance.passed),
                "completion": True,
            },
        )
    )


@receiver(post_save, sender=CourseCompletion, dispatch_uid="xapi.course_completion")
def course_completed(sender, instance, created, raw=False, **kwargs):
    if raw or not created or not services.configured():
        return
    course = instance.course
    services.statement_record(
        xs.statement(
            key=f"course-completed:{instance.pk}",
            user=instance.user,
            verb="completed",
            obj=xs.activity(xs.page_url(course), "course", course.title),
            at=instance.completed_at,
            result={"completion": True},
        )
    )


@receiver(post_save, sender=Certificate, dispatch_uid="xapi.certificate")
def certificate_earned(sender, instance, created, raw=False, **kwargs):
    if raw or not created or not services.configured():
        return
    from certificates.services import verify_url

    services.statement_record(
        xs.statement(
            key=f"certificate:{instance.pk}",
            user=instance.user,
            verb="earned",
            obj=xs.activity(verify_url(instance.code), "certificate", instance.course_title),
            at=instance.issued_at,
        )
    )


@receiver(post_save, sender=Attendance, dispatch_uid="xapi.attendance")
def session_attended(sender, instance, raw=False, **kwargs):
    if raw or not services.configured() or not instance.hours:
        return
    session = instance.session
    if session.status != session.Status.CLOSED:
        return
    services.statement_record(
        xs.statement(
            key=f"attended:{instance.pk}:{instance.hours}",
            user=instance.user,
            verb="attended",
            obj=xs.activity(
                f"{xs.base_url()}/sessions/{session.pk}/",
                "meeting",
                f"Team session: {session.title}",
            ),
            at=session.ends_at,
            result={"duration": f"PT{int(instance.hours * 3600)}S"},
        )
    )
