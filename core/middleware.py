"""A database that is briefly away (a restart, a fail-over) answers 503 with Retry-After, not 500.

Nothing is half-written: each request's writes are in one transaction, which the database rolled
back when the connection broke. Django opens a new connection on the next request
(``CONN_HEALTH_CHECKS``), so a retry a few seconds later succeeds.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections

from core.errors import error_response

logger = logging.getLogger("bridge.availability")


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
        return error_response(request, 503, extra={"retry": True})  # with Retry-After


class ErrorPageMiddleware:
    """The service's own page for errors that views outside Bridge answer bare.

    - Django's ``require_POST`` and ``require_GET`` answer 405 with an empty body: give it a page.
    - An id beyond SQLite's 64-bit integers in a URL of Wagtail's admin (``<str:pk>``, which the
      project's own ``<id:...>`` converter does not cover) overflows inside the query. No such row
      can exist, so it is a 404, as it already is on PostgreSQL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = error_response(request, 405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError) and "SQLite INTEGER" in str(exception):
            return error_response(request, 404)
        return None


class BridgeCSPMiddleware(CSPMiddleware):
    """The service's pages get the strict policy in ``CONTENT_SECURITY_POLICY`` (scripts from
    the site itself, or with the request's nonce; never inline). The Wagtail admin, which needs
    inline scripts and styles, gets ``BRIDGE_ADMIN_CONTENT_SECURITY_POLICY``."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin = getattr(settings, "BRIDGE_ADMIN_CONTENT_SECURITY_POLICY", None)
        if not report_only and parts.config is None and admin and _is_admin(request):
            parts.config = default_config(admin["DIRECTIVES"])
        issuer = getattr(settings, "BRIDGE_SSO", {}).get("ISSUER")
        if issuer and not report_only:
            # Signing out (a form) ends at the single sign-on provider's end-session page: a
            # redirect after a form is held to form-action too.
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(issuer))
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), origin]
            parts.update = update
        return parts


def _is_admin(request) -> bool:
    return request.path_info.startswith(settings.BRIDGE_ADMIN_PATH_PREFIX)


class PermissionsPolicyMiddleware:
    """Switch off the browser features Bridge never uses, for every page and any frame in it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.BRIDGE_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
