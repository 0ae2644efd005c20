"""What quizzes holds about a person: their attempts, answers and unfinished drafts. Erasure blanks
free-text answers, deletes drafts (never marked) and keeps scores, so item analysis and trust
totals do not change."""

from core.privacy import Part, iso

from .models import FreeTextQuestion, Question, QuizAttempt, Response, ResponseDraft


def export(user) -> dict:
    attempts = (
        QuizAttempt.objects.filter(user=user)
        .select_related("quiz")
        .prefetch_related("responses", "drafts")
    )
    return {
        "quiz_attempts": [
            {
                "quiz": a.quiz.title,
                "purpose": a.purpose,
                "status": a.status,
                "points": str(a.points) if a.points is not None else None,
                "max_points": str(a.max_points) if a.max_points is not None else None,
                "passed": a.passed,
                "started_at": iso(a.started_at),
                "answers": [
                    {"question": r.question_id, "answer": r.answer} for r in a.responses.all()
                ],
                "unfinished_answers": [
                    {"question": d.question_id, "so_far": d.value} for d in a.drafts.all()
                ],
            }
            for a in attempts
        ]
    }


def erase(user, pseudonym: str) -> None:
    free_text_ids = list(
        Question.objects.instance_of(FreeTextQuestion).values_list("pk", flat=True)
    )
    Response.objects.filter(attempt__user=user, question_id__in=free_text_ids).update(answer="")
    ResponseDraft.objects.filter(attempt__user=user).delete()


PART = Part(order=30, export=export, erase=erase)
