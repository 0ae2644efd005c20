"""The two doors a SCORM package opens: the launch (a learner, signed in to Bridge, links their
LMS record once and is taken to the course) and the status the package reports to its LMS."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core import ratelimit

from . import selectors, services

STATUS_PER_MINUTE = 30  # the package asks every 5 seconds while the course is open


def _refused(request, error: services.LaunchRefused):
    return render(
        request, "scorm/launch_refused.html", {"message": error.message}, status=error.status
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def launch(request, dispatch_id: uuid.UUID):
    source = request.POST if request.method == "POST" else request.GET
    token = source.get("r", "")
    learner_id = source.get("learner", "").strip()
    learner_name = source.get("name", "").replace("\x00", "").strip()[:255]
    dispatch = selectors.dispatch_for_launch(dispatch_id)
    try:
        services.launch_check(dispatch=dispatch, token=token, learner_id=learner_id)
        registration = selectors.registration_by_token(token)
        if registration is not None:
            services.registration_launched(
                registration=registration,
                dispatch=dispatch,
                user=request.user,
                learner_id=learner_id,
            )
            return redirect(dispatch.course.url)
        if request.method == "POST":
            services.registration_link(
                dispatch=dispatch,
                token=token,
                user=request.user,
                learner_id=learner_id,
                learner_name=learner_name,
            )
            return redirect(dispatch.course.url)
    except services.LaunchRefused as error:
        return _refused(request, error)
    # The first launch: the learner says this LMS record is theirs, by a form (a link alone
    # must not tie someone else's LMS record to this account).
    return render(
        request,
        "scorm/launch_confirm.html",
        {
            "dispatch": dispatch,
            "course": dispatch.course,
            "token": token,
            "learner_id": learner_id,
            "learner_name": learner_name,
        },
    )


@never_cache
@require_http_methods(["GET", "OPTIONS"])
def status(request, token: str):
    """The course's status for the package, by its token alone: no cookie, any origin."""
    if request.method == "OPTIONS":
        response = JsonResponse({})
    elif not services.TOKEN.fullmatch(token):
        response = JsonResponse({"error": "Not a package token"}, status=400)
    elif ratelimit.count(scope="scorm-status", subject=token, window=60) > STATUS_PER_MINUTE:
        # Per package token, not per address: a ward's learners share one behind the trust's NAT.
        response = JsonResponse({"error": "Too many requests"}, status=429)
        response["Retry-After"] = "60"
    else:
        registration = selectors.registration_by_token(token)
        if registration is None:
            response = JsonResponse({"linked": False})
        elif registration.dispatch.stopped:
            response = JsonResponse({"linked": True, "stopped": True}, status=410)
        else:
            answer = selectors.registration_status(registration)
            services.registration_reported(registration=registration)
            response = JsonResponse(answer.as_json())
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET"
    response["Access-Control-Allow-Headers"] = "Accept"
    response["Cache-Control"] = "no-store"
    return response
