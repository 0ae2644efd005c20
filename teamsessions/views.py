"""Team sessions on the site: the facilitator's planning, register and shared screen; the
attendee's sign-in and poll on their phone; the certificate of attendance and its check."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates import rendering
from core import ratelimit
from core.errors import error_response
from core.http import id_or_none

from . import selectors, services
from .forms import CodeForm, SessionForm, TimesForm
from .models import Attendance, TeamSession

VERIFY_LIMIT_PER_MINUTE = 30


def facilitator_required(view):
    @functools.wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not selectors.can_facilitate(request.user):
            return error_response(
                request,
                403,
                message=_(
                    "Team sessions are planned by trainers, ward managers and the facilitators "
                    "your trust invites. Ask your L&D team if you should be one."
                ),
            )
        return view(request, *args, **kwargs)

    return wrapped


def _session_or_404(request, session_id):
    session = selectors.session_for(request.user, session_id)
    if session is None:
        return None, error_response(request, 404)
    return session, None


def _problem(request, problem: services.SessionError, *, back_url: str = ""):
    return error_response(request, problem.status, message=problem.message, back_url=back_url)


@require_GET
@facilitator_required
def index(request):
    return render(
        request, "teamsessions/index.html", {"sessions": selectors.facilitated_by(request.user)}
    )


@require_http_methods(["GET", "POST"])
@facilitator_required
def new(request):
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        session = services.session_schedule(actor=request.user, data=form.session_data())
        messages.success(request, _("Session planned. The team has been told."))
        return redirect("teamsessions:detail", session_id=session.pk)
    status = 400 if form.errors else 200
    return render(request, "teamsessions/new.html", {"form": form}, status=status)


@require_GET
@facilitator_required
def detail(request, session_id):
    session, missing = _session_or_404(request, session_id)
    if missing:
        return missing
    context = {
        "session": session,
        "register": selectors.register(session),
        "roster": selectors.roster_not_signed(session),
        "changes": selectors.register_changes(session),
        "started": session.has_started(),
        "join_url": request.build_absolute_uri(
            reverse("teamsessions:join_code", args=[session.short_code])
        ),
    }
    return render(request, "teamsessions/detail.html", context)


@require_GET
@facilitator_required
def present(request, session_id):
    session, missing = _session_or_404(request, session_id)
    if missing:
        return missing
    prompts = selectors.prompts(session)
    join_url = request.build_absolute_uri(
        reverse("teamsessions:join_code", args=[session.short_code])
    )
    context = {
        "session": session,
        "films": selectors.films(session),
        "prompts": prompts,
        "prompt": prompts[session.prompt_index - 1] if session.prompt_index else "",
        "spreads": selectors.poll_spread(session),
        "signed": session.attendance.count(),
        "join_url": join_url,
        "join_base": request.build_absolute_uri(reverse("teamsessions:join")),
        "qr": rendering.qr_data_uri(join_url),
        "min_group": selectors.MIN_GROUP,
    }
    return render(request, "teamsessions/present.html", context)


@require_POST
@facilitator_required
def present_step(request, session_id):
    session, missing = _session_or_404(request, session_id)
    if missing:
        return missing
    prompt = request.POST.get("prompt", "")
    services.presenter_step(
        session=session,
        prompt_index=int(prompt) if prompt.isdigit() and len(prompt) <= 3 else None,
        poll_open={"open": True, "close": False}.get(request.POST.get("poll")),
    )
    return redirect(reverse("teamsessions:present", args=[session.pk]) + "#now")


@require_GET
@facilitator_required
def poll_json(request, session_id):
    """What the shared screen refreshes: the register's count and each statement's spread."""
    session, missing = _session_or_404(request, session_id)
    if missing:
        return missing
    html = render_to_string(
        "teamsessions/_spread.html",
        {"spreads": selectors.poll_spread(session), "min_group": selectors.MIN_GROUP},
        request=request,
    )
    return JsonResponse({"signed": session.attendance.count(), "html": html})


def _register_redirect(session):
    return redirect(reverse("teamsessions:detail", args=[session.pk]) + "#register")


@require_POST
@facilitator_required
def tick(request, session_id):
    session, missing = _session_or_404(request, session_id)
    if missing:
        return missing
    user = None
    user_id = id_or_none(request.POST.get("user"))
    if user_id is not None:
        user = next(
            (p.user for p in selectors.roster_not_signed(session) if p.user_id == user_id), None
        )
    elif request.POST.get("email"):
        user = selectors.user_choices_for_tick(session, request.POST["email"][:254])
        if user is None:
            return error_response(
                request,
                400,
                heading=_("No Bridge account with that e-mail address"),
                message=_(
                    "A guest needs a Bridge account to be given hours. Ask them to register, or "
                    "to sign in with the code."
                ),
                back_url=reverse("teamsessions:detail", args=[session.pk]),
            )
    if user is None:
        return error_response(
            request, 400, back_url=reverse("teamsessions:detail", args=[session.pk])
        )
    try:
        services.register_tick(actor=request.user, session=session, user=user)
    except services.SessionError as problem:
        return _problem(request, problem)
    messages.success(
        request, _("{name} is on the register.").format(name=user.get_full_name() or user.email)
    )
    return _register_redirect(session)


def _attendance_in(session, request) -> Attendance | None:
    attendance_id = id_or_none(request.POST.get("attendance"))
    if attendance_id is None:
        return None
    return session.attendance.select_related("user", "session").filter(pk=attendance_id).first()


@require_POST
@facilitator_required
def times(request, session_id):
    session, missing = _session_or_404(request, session_id)
    if missing:
        return missing
    attendance = _attendance_in(session, request)
    if attendance is None:
        return error_response(request, 404)
    form = TimesForm(request.POST)
    back = reverse("teamsessions:detail", args=[session.pk])
    if not form.is_valid():
        return error_response(
            request,
            400,
            message=_("Enter the times as hours and minutes, like 14:30."),
            back_url=back,
        )
    arrived, left = form.moments(session)
    try:
        services.attendance_times_set(
            actor=request.user, attendance=attendance, arrived_at=arrived, left_at=left
        )
    except services.SessionError as problem:
        return _problem(request, problem, back_url=back)
    messages.success(request, _("Times saved."))
    return _register_redirect(session)


@require_POST
@facilitator_required
def left_now(request, session_id):
    session, missing = _session_or_404(request, session_id)
    if missing:
        return missing
    attendance = _attendance_in(session, request)
    if attendance is None:
        return error_response(request, 404)
    try:
        services.attendance_left_now(actor=request.user, attendance=attendance)
    except services.SessionError as problem:
        return _problem(request, problem)
    return _register_redirect(session)


@require_POST
@facilitator_required
def remove(request, session_id):
    session, missing = _session_or_404(request, session_id)
    if missing:
        return missing
    attendance = _attendance_in(session, request)
    if attendance is None:
        return error_response(request, 404)
    services.attendance_remove(actor=request.user, attendance=attendance)
    messages.success(request, _("Taken off the register."))
    return _register_redirect(session)


@require_POST
@facilitator_required
def close(request, session_id):
    session, missing = _session_or_404(request, session_id)
    if missing:
        return missing
    try:
        services.session_close(actor=request.user, session=session)
    except services.SessionError as problem:
        return _problem(
            request, problem, back_url=reverse("teamsessions:detail", args=[session.pk])
        )
    messages.success(
        request, _("Register closed. Everyone on it has their hours and certificate of attendance.")
    )
    return redirect("teamsessions:detail", session_id=session.pk)


@require_POST
@facilitator_required
def cancel(request, session_id):
    session, missing = _session_or_404(request, session_id)
    if missing:
        return missing
    try:
        services.session_cancel(actor=request.user, session=session)
    except services.SessionError as problem:
        return _problem(request, problem)
    messages.success(request, _("Session cancelled. The team has been told."))
    return redirect("teamsessions:index")


def _signed_in(request, attendance, *, first: bool):
    if first:
        messages.success(request, _("You are on the register. Thank you for coming."))
    return redirect("teamsessions:here", session_id=attendance.session_id)


@require_http_methods(["GET", "POST"])
@login_required
def join(request):
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(request, scope="session-code", limit=20):
            return error_response(request, 429, message=_("Too many tries. Wait a minute."))
        if form.is_valid():
            try:
                before = Attendance.objects.filter(user=request.user).count()
                attendance = services.sign_in(user=request.user, code=form.cleaned_data["code"])
            except services.SessionError as problem:
                form.add_error("code", problem.message)
                status = problem.status
            else:
                first = Attendance.objects.filter(user=request.user).count() > before
                return _signed_in(request, attendance, first=first)
        else:
            status = 400
    return render(request, "teamsessions/join.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def join_code(request, code: str):
    """Where the QR code leads: one button to sign (a GET changes nothing)."""
    session = selectors.session_by_code(code)
    if session is None:
        return error_response(request, 404, message=services.ERROR_NO_SUCH_CODE)
    attendance = selectors.attendance_of(request.user, session)
    if attendance is not None:
        return _signed_in(request, attendance, first=False)
    error, status = "", 200
    if request.method == "POST":
        try:
            attendance = services.sign_in(
                user=request.user, code=session.short_code, method=Attendance.Method.QR
            )
        except services.SessionError as problem:
            error, status = problem.message, problem.status
        else:
            return _signed_in(request, attendance, first=True)
    elif not session.register_open():
        error, status = str(services.ERROR_CLOSED), 403
    return render(
        request, "teamsessions/join_code.html", {"session": session, "error": error}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
def here(request, session_id):
    """The attendee's page on their phone: they are on the register; the poll, when it is open."""
    session = (
        TeamSession.objects.select_related("course", "module", "unit", "facilitator")
        .filter(pk=id_or_none(session_id) or 0)
        .first()
    )
    attendance = selectors.attendance_of(request.user, session) if session else None
    if attendance is None:
        return error_response(request, 404)
    error, status = "", 200
    questions = selectors.poll_questions(session)
    if request.method == "POST":
        try:
            services.poll_answer(
                user=request.user,
                session=session,
                question_id=request.POST.get("question"),
                value=request.POST.get("value"),
            )
        except services.SessionError as problem:
            error, status = problem.message, problem.status
        else:
            return redirect(reverse("teamsessions:here", args=[session.pk]) + "#poll")
    voter = services.voter_of(session, request.user)
    answered = dict(session.poll.filter(voter=voter).values_list("question_id", "value"))
    context = {
        "session": session,
        "attendance": attendance,
        "questions": [(q, answered.get(q.pk)) for q in questions],
        "scale": [(str(value), label) for value, label in questions[0].SCALE] if questions else [],
        "error": error,
        "prompt": (selectors.prompts(session) or [""])[session.prompt_index - 1]
        if session.prompt_index
        else "",
    }
    return render(request, "teamsessions/here.html", context, status=status)


@require_GET
@login_required
def certificate(request, attendance_id):
    attendance = selectors.own_attendance(request.user, attendance_id)
    if (
        attendance is None
        or attendance.session.status != TeamSession.Status.CLOSED
        or not attendance.hours
    ):
        return error_response(request, 404)
    url = selectors.attendance_verify_url(attendance)
    html = render_to_string(
        "teamsessions/certificate_pdf.html",
        {
            "attendance": attendance,
            "session": attendance.session,
            "verify_url": url,
            "qr": rendering.qr_data_uri(url),
        },
    )
    response = HttpResponse(rendering.render_pdf(html), content_type="application/pdf")
    day = attendance.session.starts_at.date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="bridge-attendance-{day}.pdf"'
    return response


@require_GET
def verify(request, code: str):
    if not ratelimit.allow(request, scope="verify", limit=VERIFY_LIMIT_PER_MINUTE):
        return error_response(request, 429, message=_("Wait a minute and try again."))
    attendance = selectors.attendance_by_code(code)
    if attendance is None:
        return render(
            request, "teamsessions/verify_not_found.html", {"code": code[:64]}, status=404
        )
    if attendance.certificate_code != code:
        return redirect("teamsessions:verify", code=attendance.certificate_code)
    return render(
        request,
        "teamsessions/verify.html",
        {"attendance": attendance, "session": attendance.session},
    )
