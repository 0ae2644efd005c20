"""What courses holds about a person: enrolments, progress, reflections, checkpoint answers and
completions. Erasure deletes the reflections (free text) and keeps the rest, which is anonymous
once the account is."""

from core.privacy import Part, iso

from .models import CheckpointAnswer, CourseCompletion, Enrolment, ModuleProgress, ModuleReflection


def export(user) -> dict:
    return {
        "enrolments": [
            {"course": e.course.title, "enrolled_at": iso(e.enrolled_at)}
            for e in Enrolment.objects.filter(user=user).select_related("course")
        ],
        "module_progress": [
            {
                "module": p.module.title,
                "film_seconds_watched": p.film_seconds_watched,
                "film_watched_at": iso(p.film_watched_at),
                "transcript_confirmed_at": iso(p.transcript_confirmed_at),
                "quiz_passed_at": iso(p.quiz_passed_at),
                "completed_at": iso(p.completed_at),
            }
            for p in ModuleProgress.objects.filter(user=user).select_related("module")
        ],
        "reflections": [
            {"module": r.module.title, "text": r.text, "updated_at": iso(r.updated_at)}
            for r in ModuleReflection.objects.filter(user=user).select_related("module")
        ],
        "checkpoint_answers": [
            {"module": c.module.title, "question": c.question_id, "answer": c.answer}
            for c in CheckpointAnswer.objects.filter(user=user).select_related("module")
        ],
        "completions": [
            {"course": c.course.title, "round": c.round, "completed_at": iso(c.completed_at)}
            for c in CourseCompletion.objects.filter(user=user).select_related("course")
        ],
    }


def erase(user, pseudonym: str) -> None:
    ModuleReflection.objects.filter(user=user).delete()


PART = Part(order=40, export=export, erase=erase)
