from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from core.http import BadBody, json_object

from . import analytics, selectors, services
from .models import Quiz

MAX_BODY = 20_000


@require_POST
@login_required
def answer_save(request, attempt_id: int):
    """Keep one answer as soon as it is given (called by the page's script on every change)."""
    attempt = selectors.attempt_for_owner(attempt_id=attempt_id, user=request.user)
    if attempt is None:
        return JsonResponse({"error": "Attempt not found."}, status=404)
    if request.content_type == "application/json":
        try:
            data = json_object(request, max_bytes=MAX_BODY)
        except BadBody as error:
            return error.response
        question_id, raw = data.get("question"), data.get("answer")
    else:
        question_id, raw = request.POST.get("question"), request.POST.getlist("answer")
    try:
        response = services.response_save(attempt=attempt, question_id=question_id, raw=raw)
    except services.InvalidResponse as error:
        if error.code not in services.UNFINISHED:
            return JsonResponse({"error": error.message}, status=error.status)
        # Still being answered (a position or a gap to fill, text still short): keep what is
        # there as a draft, and say calmly what the answer still needs.
        try:
            draft = services.response_draft_save(attempt=attempt, question_id=question_id, raw=raw)
        except services.AttemptError as draft_error:
            return JsonResponse({"error": draft_error.message}, status=draft_error.status)
        return JsonResponse(
            {
                "saved": False,
                "draft": True,
                "question": draft.question_id,
                "saved_at": draft.saved_at.isoformat(),
                "needs": error.message,
            }
        )
    except services.AttemptError as error:
        return JsonResponse({"error": error.message}, status=error.status)
    data = {
        "saved": True,
        "question": response.question_id,
        "saved_at": response.saved_at.isoformat(),
    }
    if attempt.quiz.is_practice:
        # Practice quizzes explain each answer straight away; assessed ones wait for the submit.
        data["feedback"] = selectors.answer_feedback(attempt=attempt, response=response)
    return JsonResponse(data)


@require_GET
@login_required
def attempt_result(request, attempt_id: int):
    attempt = selectors.attempt_for_owner(attempt_id=attempt_id, user=request.user)
    if attempt is None:
        raise Http404("No such attempt")
    review = attempt.quiz.review_open(attempt)
    sections = []
    if attempt.is_open:
        status = 409
        questions = []
    else:
        status = 200
        # Without review the page shows the score and what to rewatch, never the answers.
        questions = selectors.question_views(attempt, with_feedback=True) if review else []
        sections = [] if review else selectors.sections_to_review(attempt)
    back = (
        Page.objects.filter(pk=attempt.context_id).specific().first()
        if attempt.context_id
        else None
    )
    return render(
        request,
        "quizzes/attempt_result.html",
        {
            "attempt": attempt,
            "questions": questions,
            "review": review,
            "sections": sections,
            "back_page": back,
        },
        status=status,
    )


@require_GET
@login_required
def attitude_change(request, quiz_id: int):
    """The learner's own views before and after, with what the evidence says about each worry."""
    quiz = get_object_or_404(Quiz, pk=quiz_id, kind=Quiz.Kind.ATTITUDE)
    report = analytics.attitude_change_for_learner(user=request.user, quiz=quiz)
    return render(
        request,
        "quizzes/attitude_change.html",
        {"quiz": quiz, "report": report},
    )
