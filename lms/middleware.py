"""A database that is briefly away (a restart, a fail-over) answers 503 with Retry-After, not 500.

Nothing is half-written: each request's writes are in one transaction, which the database rolled
back when the connection broke. Django opens a new connection on the next request
(``CONN_HEALTH_CHECKS``), so a retry a few seconds later succeeds.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, close_old_connections
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger("bridge.availability")
RETRY_AFTER_SECONDS = 5

PAGE = """<!doctype html><html lang="en-gb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body style="font-family: Arial, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1>{title}</h1><p>{message}</p></body></html>"""


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        close_old_connections()
        message = _(
            "Bridge is briefly unavailable. Nothing you saved before has been lost. "
            "Please try again in a few seconds."
        )
        if request.content_type == "application/json" or "json" in request.headers.get(
            "Accept", ""
        ):
            response = JsonResponse({"error": message, "retry": True}, status=503)
        else:
            response = HttpResponse(
                PAGE.format(title=escape(_("Try again in a moment")), message=escape(message)),
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
