"""The learner's follow-up page: the attitude statements again, and what changed in practice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import error_response
from quizzes import selectors as quiz_selectors
from quizzes import services as quiz_services
from quizzes.forms import answers_from_post
from quizzes.models import QuizAttempt

from . import selectors, services
from .models import Behaviour, FollowUp


def _questions(request, followup):
    """The statements as question views, from the open follow-up attempt (made on first view,
    so a half-answered page autosaves and comes back as it was left)."""
    quiz = selectors.attitude_quiz(followup.course)
    if quiz is None or followup.status == FollowUp.Status.ANSWERED:
        return None, []
    attempt = quiz_services.attempt_start(
        user=request.user,
        quiz=quiz,
        purpose=QuizAttempt.Purpose.ATTITUDE_FOLLOWUP,
        context_id=followup.course_id,
    )
    return attempt, quiz_selectors.question_views(attempt, with_feedback=False)


@require_http_methods(["GET", "POST"])
@login_required
def answer(request, followup_id: int):
    followup = selectors.followup_of(request.user, followup_id)
    if followup is None or followup.status == FollowUp.Status.SCHEDULED:
        return error_response(request, 404)
    errors, error, status = {}, "", 200
    chosen = request.POST.getlist("behaviours") if request.method == "POST" else []
    changes = request.POST.get("changes", "") if request.method == "POST" else ""
    if request.method == "POST" and followup.status != FollowUp.Status.ANSWERED:
        try:
            followup = services.followup_answer(
                user=request.user,
                followup_id=followup.pk,
                answers=answers_from_post(request.POST),
                behaviours=chosen,
                changes=changes,
            )
        except services.FollowUpError as problem:
            errors, error, status = problem.errors, problem.message, 400
        else:
            messages.success(request, _("Thank you: your follow-up is saved."))
            return redirect("followups:answer", followup_id=followup.pk)
    attempt, questions = _questions(request, followup)
    context = {
        "followup": followup,
        "attempt": attempt,
        "questions": questions,
        "quiz_errors": errors,
        "error": error,
        "behaviours": Behaviour.choices,
        "chosen": chosen,
        "changes": changes,
    }
    return render(request, "followups/answer.html", context, status=status)


@require_POST
@login_required
def decline(request, followup_id: int):
    try:
        followup = services.followup_decline(user=request.user, followup_id=followup_id)
    except services.FollowUpError:
        return error_response(request, 404)
    if followup.status == FollowUp.Status.DECLINED:
        messages.success(
            request, _("No more reminders about this follow-up. You can still answer it.")
        )
    return redirect("courses:my_training")
