"""Error pages that belong to the service: the NHS.UK layout, a heading, a plain-English message and
a link back; a JSON body instead for a JSON endpoint.

``error_response`` is the one way a view, middleware or handler answers with an error. The four
Django handlers (``lms.urls``) call it too, so a 400, 403, 404 or 500 from anywhere looks the same.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULTS = {
    400: (
        gettext_lazy("Sorry, we could not use that"),
        gettext_lazy("Something in what was sent was not right. Go back and try again."),
    ),
    403: (
        gettext_lazy("You cannot open this page"),
        gettext_lazy(
            "Your account does not have access to this page. "
            "If you think it should, contact your L&D team."
        ),
    ),
    404: (
        gettext_lazy("Page not found"),
        gettext_lazy(
            "If you typed the web address, check it is correct. "
            "If you pasted it, check you copied the entire address."
        ),
    ),
    405: (
        gettext_lazy("Sorry, we could not use that"),
        gettext_lazy("This address cannot be used that way. Go back and try again."),
    ),
    409: (
        gettext_lazy("This has already changed"),
        gettext_lazy("Someone or something changed this since you opened it. Reload and check."),
    ),
    413: (
        gettext_lazy("Sorry, that is too much"),
        gettext_lazy("What was sent is larger than Bridge accepts. Send less and try again."),
    ),
    429: (
        gettext_lazy("Too many attempts"),
        gettext_lazy("You have tried this too many times. Wait a minute and try again."),
    ),
    500: (
        gettext_lazy("Sorry, there is a problem with the service"),
        gettext_lazy("Try again later. Your answers saved so far are kept."),
    ),
    503: (
        gettext_lazy("Try again in a moment"),
        gettext_lazy(
            "Bridge is briefly unavailable. Nothing you saved before has been lost. "
            "Please try again in a few seconds."
        ),
    ),
}
# How long to wait before trying again, in seconds.
RETRY_AFTER = {429: 60, 503: 5}
# These pages render without the request (no session or user to look up): the database may be
# the reason for the error.
STANDALONE = {500, 503}


def wants_json(request) -> bool:
    """A JSON endpoint's caller: it sent JSON, or asked for it."""
    if request is None:
        return False
    return request.content_type == "application/json" or "application/json" in request.headers.get(
        "Accept", ""
    )


def _back_url(request, back_url: str) -> str:
    if back_url:
        return back_url
    referer = request.headers.get("Referer", "") if request is not None else ""
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def error_response(
    request,
    status: int,
    *,
    heading: str = "",
    message: str = "",
    back_url: str = "",
    extra: dict | None = None,
) -> HttpResponse:
    """The error page (or JSON body) for ``status``, with the service's own words by default."""
    default_heading, default_message = DEFAULTS.get(status, DEFAULTS[400])
    heading = str(heading or default_heading)
    message = str(message or default_message)
    if wants_json(request):
        response = JsonResponse({"error": message, **(extra or {})}, status=status)
    else:
        context = {
            "heading": heading,
            "message": message,
            "back_url": "" if status in STANDALONE else _back_url(request, back_url),
            "status": status,
        }
        template = loader.get_template("errors/error.html")
        html = template.render(context, None if status in STANDALONE else request)
        response = HttpResponse(html, status=status)
    if status in RETRY_AFTER:
        response["Retry-After"] = str(RETRY_AFTER[status])
    return response


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def csrf_failure(request, reason=""):
    """A form posted without its token: most often a page left open past its session."""
    return error_response(
        request,
        403,
        heading=_("This form has expired"),
        message=_(
            "For your security, forms stop working after a while or after you sign in or out. "
            "Go back, reload the page and try again. Nothing was changed."
        ),
    )


def server_error(request):
    return error_response(request, 500)
