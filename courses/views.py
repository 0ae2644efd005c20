"""Learner actions inside a module. Each view checks who is asking, calls one service, responds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail import hooks

from core import published
from core.errors import error_response
from core.http import BadBody, id_or_none, json_object
from quizzes import services as quiz_services
from quizzes.forms import answers_from_post

from . import selectors, services
from .film_ranges import film_parts
from .models import CoursePage, ModulePage

MAX_JSON_BODY = 64_000


def _public_module(module_id: int, request=None) -> ModulePage | None:
    """The live module, as published and remembered (core.published), unless a view restriction
    covers it (as ``PageQuerySet.public()`` would leave it out); None if there is no such module."""
    page = published.live_page(module_id, request=request)
    if not isinstance(page, ModulePage) or page.get_view_restrictions():
        return None
    return page


def _live_module(module_id: int, request=None) -> ModulePage:
    page = _public_module(module_id, request)
    if page is None:
        raise Http404("No such module")
    return page


def _film_block_for(request, module_id: int, block_id: str):
    live = _public_module(module_id, request)
    block = live.film_block(block_id) if live else None
    if block is not None or not request.user.is_authenticated:
        return block
    page = ModulePage.objects.filter(pk=module_id).first()
    if page is None or not page.permissions_for_user(request.user).can_edit():
        return None
    draft = page.get_latest_revision_as_object()
    return draft.film_block(block_id) if draft else None


def _message_page(request, *, status: int, heading: str, message: str, back_url: str = ""):
    return error_response(request, status, heading=heading, message=message, back_url=back_url)


@require_GET
@login_required
def my_training(request):
    # Apps above courses (assignments, for one) add their own panels through this hook.
    panels = [panel(request) for panel in hooks.get_hooks("bridge_my_training_panels")]
    context = {
        "cards": selectors.my_training(user=request.user),
        "panels": [p for p in panels if p],
    }
    return render(request, "courses/my_training.html", context)


@require_POST
@login_required
def film_progress(request, module_id: int):
    """Heartbeat from the player: the ranges of film played since the last one."""
    module = _live_module(module_id, request)
    try:
        data = json_object(request, max_bytes=MAX_JSON_BODY)
    except BadBody as error:
        return error.response
    if not isinstance(data.get("block"), str):
        return JsonResponse({"error": "Send a JSON object with a film block id."}, status=400)
    try:
        progress = services.film_progress_record(
            user=request.user,
            module=module,
            block_id=data["block"],
            segments=data.get("segments", []),
        )
    except services.ProgressError as error:
        return JsonResponse({"error": error.message}, status=error.status)
    return JsonResponse(
        {
            "percent": progress.film_percent,
            "watched": progress.film_done,
            "module_complete": bool(progress.completed_at),
        }
    )


@require_POST
@login_required
def transcript_confirm(request, module_id: int):
    module = _live_module(module_id, request)
    if not module.films():
        raise Http404("This module has no film")
    try:
        services.transcript_confirm(user=request.user, module=module)
    except services.ProgressError as error:
        return _message_page(
            request,
            status=403,
            heading=_("Watch the film"),
            message=error.message,
            back_url=module.url,
        )
    messages.success(request, _("Thank you. The film section is marked as done."))
    return redirect(module.url + "#film")


def _quiz_block(module: ModulePage, request):
    quiz_id = id_or_none(request.POST.get("quiz"))
    if quiz_id is None:
        return None, None
    purpose = request.POST.get("purpose", "")
    block = module.quiz_block_for(quiz_id, purpose)
    return (block, purpose) if block else (None, None)


@require_POST
@login_required
def quiz_start(request, module_id: int):
    module = _live_module(module_id, request)
    block, purpose = _quiz_block(module, request)
    if block is None:
        return _message_page(
            request,
            status=400,
            heading=_("Quiz not found"),
            message=_("That quiz is not part of this module. Reload the page."),
            back_url=module.url,
        )
    try:
        quiz_services.attempt_start(
            user=request.user,
            quiz=block.value["quiz"],
            purpose=purpose,
            context_id=module.pk,
        )
    except quiz_services.AttemptError as error:
        return _message_page(
            request,
            status=error.status,
            heading=_("Quiz unavailable"),
            message=error.message,
            back_url=module.url,
        )
    return redirect(f"{module.url}#quiz-{block.id}")


@require_POST
@login_required
def quiz_submit(request, module_id: int):
    """Grade the learner's attempt, note it against the module, and show the result."""
    module = _live_module(module_id, request)
    answers = answers_from_post(request.POST)
    try:
        attempt = services.module_quiz_submit(
            user=request.user,
            module=module,
            attempt=id_or_none(request.POST.get("attempt")),
            answers=answers,
        )
    except quiz_services.AttemptNotFound as error:
        return _message_page(
            request,
            status=error.status,
            heading=_("Attempt not found"),
            message=error.message,
            back_url=module.url,
        )
    except quiz_services.AttemptError as error:
        context = module.get_context(request)
        context.update({"quiz_errors": error.errors, "quiz_error": error.message})
        return render(request, module.get_template(request), context, status=error.status)
    return redirect(reverse("quizzes:attempt_result", args=[attempt.pk]))


@require_GET
def film_captions(request, module_id: int, block_id: str, kind: str = "captions"):
    """The film's WebVTT captions from the document library, as text/vtt for the <track> element.

    Learners get the live page's film. Someone who may edit the page also gets a film that so far
    is only in its latest draft, so the admin's preview plays with captions."""
    block = _film_block_for(request, module_id, block_id)
    document = film_parts(block.value)[kind] if block is not None else None
    if document is None:
        raise Http404("No such track")
    # The same checks as Wagtail's own document view: the collection's view restrictions.
    for check in hooks.get_hooks("before_serve_document"):
        refused = check(document, request)
        if isinstance(refused, HttpResponseBase):
            return refused
    with document.file.open("rb") as handle:
        body = handle.read(2_000_000)
    response = HttpResponse(body, content_type="text/vtt; charset=utf-8")
    restricted = document.collection.get_view_restrictions().exists()
    response["Cache-Control"] = "private, no-store" if restricted else "public, max-age=300"
    return response


@require_POST
@login_required
def checkpoint_answer(request, module_id: int):
    """An answer to a film checkpoint: JSON from the player, or a plain form from the transcript."""
    module = _live_module(module_id, request)
    wants_json = request.content_type == "application/json"
    if wants_json:
        try:
            data = json_object(request, max_bytes=MAX_JSON_BODY)
        except BadBody as error:
            return error.response
        block_id, question_id, raw = data.get("block"), data.get("question"), data.get("answer")
    else:
        block_id, question_id = request.POST.get("block"), request.POST.get("question")
        raw = answers_from_post(request.POST).get(id_or_none(question_id))
    if not isinstance(block_id, str):
        return JsonResponse({"error": str(services.ERROR_NOT_A_CHECKPOINT)}, status=400)
    try:
        saved, feedback = services.checkpoint_answer(
            user=request.user, module=module, block_id=block_id, question_id=question_id, raw=raw
        )
    except services.ProgressError as error:
        if wants_json:
            return JsonResponse({"error": error.message}, status=error.status)
        messages.error(request, error.message)
        return redirect(f"{module.url}#checkpoint-{block_id}-{question_id}")
    if not wants_json:
        return redirect(f"{module.url}#checkpoint-{block_id}-{question_id}")
    return JsonResponse(
        {
            "saved": True,
            "feedback": {
                "correct": feedback.correct,
                "message": feedback.message,
                "solution": feedback.correct_answer_label,
            },
        }
    )


@require_POST
@login_required
def reflection_save(request, module_id: int):
    module = _live_module(module_id, request)
    if not any(block.block_type == "reflection_prompt" for block in module.body):
        raise Http404("This module has no reflection prompt")
    try:
        services.reflection_save(
            user=request.user, module=module, text=request.POST.get("text", "")
        )
    except services.ProgressError as error:
        context = module.get_context(request)
        context.update(
            {
                "reflection_error": error.message,
                "reflection_text": request.POST.get("text", "")[:5000],
            }
        )
        return render(request, module.get_template(request), context, status=400)
    messages.success(request, _("Your reflection is saved. It is in your CPD record."))
    return redirect(module.url + "#reflection")


@require_POST
@login_required
def course_retake(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        services.course_retake(user=request.user, course=course)
    except services.ProgressError as error:
        return _message_page(
            request,
            status=409,
            heading=_("Cannot retake yet"),
            message=error.message,
            back_url=course.url,
        )
    messages.success(request, _("Your new round has started. Your earlier certificates are kept."))
    return redirect(course.url)
