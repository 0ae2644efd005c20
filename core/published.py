"""What is published, remembered between requests: sites, routes, pages, their view restrictions.

None of it changes between publishes, so a request need not ask the database for it. Each worker
process keeps what it has read in memory, under the current *generation*: a token held in the
shared cache (Redis in production) and replaced by `bump()` whenever published structure changes:
a page is published, unpublished, moved, saved or deleted, a view restriction or a site changes,
or an app says something a page shows has changed (a quiz, a film, a document). A worker that
sees a new generation forgets everything it held, so every worker serves the new structure from
its next request. A page is also remembered under its live revision, so an entry can never stand
for a draft or for a different revision of the same page.

Nothing per-user is remembered here. Each request gets its own shallow copy of a page, so nothing
one request sets on a page reaches another; what the copies share (the resolved StreamField body,
the course a module belongs to) is read-only once warmed.

The generation is bumped at once (so later reads in the same transaction, and the test suite, see
the change) and again when the transaction commits (so no other process can cache what it read
before the commit under the new generation). If the shared cache cannot be reached, nothing is
remembered and every read goes to the database, as Wagtail does by default.
"""

from __future__ import annotations

import copy
import logging
import threading
import uuid
from collections.abc import Callable, Hashable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import Http404

logger = logging.getLogger(__name__)

GENERATION_KEY = "bridge:published:generation"
# A worker forgets everything past this many entries (routes include every 404 a bot asks for).
MAX_ENTRIES = 5000
# What a draft save writes on a page row: none of it is served, so it does not bump.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_id",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "locked_by_id",
    }
)

_lock = threading.Lock()
_store: dict[Hashable, Any] = {}
_store_generation: list[str | None] = [None]
_MISSING = object()


# -- the generation ------------------------------------------------------------------------------
def generation(request=None) -> str | None:
    """The current generation (read once per request when given one); None when the shared cache
    is out of reach, which turns remembering off."""
    if request is not None and hasattr(request, "_published_generation"):
        return request._published_generation
    try:
        token = cache.get(GENERATION_KEY)
        if token is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(GENERATION_KEY)
    except Exception:  # the cache server is down: serve from the database
        logger.warning("published: the shared cache is unavailable", exc_info=True)
        token = None
    if request is not None:
        request._published_generation = token
    return token


def _new_generation() -> None:
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("published: could not bump the generation", exc_info=True)
    forget()


def bump(**_signal_kwargs) -> None:
    """Published structure changed: every worker forgets what it remembered. Safe as a signal
    receiver."""
    _new_generation()
    transaction.on_commit(_new_generation)


def forget() -> None:
    """Drop what this worker remembers (the next read refills it)."""
    with _lock:
        _store.clear()
        _store_generation[0] = None


# -- remembering ---------------------------------------------------------------------------------
def remember(key: Hashable, compute: Callable[[], Any], *, request=None) -> Any:
    """``compute()``, remembered under ``key`` in this worker until the generation changes. The
    value is shared by every request that asks: treat it as read-only."""
    token = generation(request)
    if token is None:
        return compute()
    with _lock:
        if _store_generation[0] != token:
            _store.clear()
            _store_generation[0] = token
        value = _store.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        with _lock:
            if _store_generation[0] == token:
                if len(_store) >= MAX_ENTRIES:
                    _store.clear()
                _store[key] = value
    return value


# -- sites, routes and pages ---------------------------------------------------------------------
def site_for_request(request):
    """The request's Wagtail site, with its root page, as ``Site.find_for_request`` finds it; set
    on the request so Wagtail's own helpers (settings, URLs) ask no further."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    from django.http.request import split_domain_port
    from wagtail.models import Site

    # As Wagtail's own lookup reads it: the raw host, so ALLOWED_HOSTS is left to Django.
    host, port = split_domain_port(request._get_raw_host())[0], request.get_port()

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.localized.specific  # read it now, while we are here
        return site

    site = remember(("site", host, port), find, request=request)
    site = copy.copy(site) if site is not None else None
    request._wagtail_site = site
    return site


def route_for_request(request, path: str):
    """``Page.route_for_request``, remembered: the page (a copy for this request), args, kwargs,
    or None for a 404. The page arrives warmed (see `warm`) with its view restrictions."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    from wagtail.url_routing import RouteResult

    site = site_for_request(request)
    if site is None:
        request._wagtail_route_for_request = None
        return None

    def find():
        components = [component for component in path.split("/") if component]
        try:
            page, args, kwargs = site.root_page.route(request, components)
        except Http404:
            return None
        return warm(page), tuple(args), dict(kwargs)

    entry = remember(("route", site.pk, path), find, request=request)
    if entry is None:
        result = None
    else:
        page, args, kwargs = entry
        result = RouteResult(copy.copy(page), list(args), dict(kwargs))
    request._wagtail_route_for_request = result
    return result


def live_page(pk: int, *, request=None):
    """A live page by id, specific and warmed (a copy for this caller), or None."""
    from wagtail.models import Page

    def find():
        page = Page.objects.live().filter(pk=pk).specific().first()
        return warm(page) if page is not None else None

    page = remember(("page", pk), find, request=request)
    return copy.copy(page) if page is not None else None


def warm(page):
    """Read now what serving the page would read later, so the copy each request gets asks no
    more: its view restrictions, and whatever the page type itself resolves (``warm_published``)."""
    from wagtail.models import Page, PageViewRestriction

    ids = {page.pk, *(p for p in page.get_ancestors().values_list("pk", flat=True))}
    # Aliases share their source's restrictions, as Wagtail's get_view_restrictions says.
    sources = Page.objects.filter(pk__in=ids, alias_of__isnull=False).values_list(
        "alias_of_id", flat=True
    )
    page._published_restrictions = list(
        PageViewRestriction.objects.filter(page_id__in=ids | set(sources)).prefetch_related(
            "groups"
        )
    )
    page._published_revision = page.live_revision_id
    if hasattr(page, "warm_published"):
        page.warm_published()
    return page


class PublishedPageMixin:
    """For page types served through `route_for_request`: the view restrictions it remembered."""

    def get_view_restrictions(self):
        remembered = self.__dict__.get("_published_restrictions")
        if remembered is not None:
            return remembered
        return super().get_view_restrictions()


def serve(request, path):
    """Wagtail's page view, with the site and the route read from memory."""
    from wagtail.views import serve as wagtail_serve

    route_for_request(request, path)  # leaves the route on the request for Wagtail's view
    return wagtail_serve(request, path)


# -- what bumps ----------------------------------------------------------------------------------
def page_saved(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    from wagtail.models import Page

    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    bump()


def connect() -> None:
    """Bump on every change to what Wagtail publishes (called from CoreConfig.ready)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(bump, dispatch_uid="published-page-published")
    page_unpublished.connect(bump, dispatch_uid="published-page-unpublished")
    post_page_move.connect(bump, dispatch_uid="published-page-moved")
    post_save.connect(page_saved, dispatch_uid="published-page-saved")
    # A page's deletion sends post_delete for its Page row too (multi-table inheritance). Bound to
    # Page alone, so every other model keeps Django's fast delete (no receiver, no select first).
    post_delete.connect(bump, sender=Page, dispatch_uid="published-page-deleted")
    for model in (Site, PageViewRestriction):
        post_save.connect(bump, sender=model, dispatch_uid=f"published-{model.__name__}-saved")
        post_delete.connect(bump, sender=model, dispatch_uid=f"published-{model.__name__}-gone")
    m2m_changed.connect(
        bump, sender=PageViewRestriction.groups.through, dispatch_uid="published-restriction-groups"
    )


def bump_on(*models) -> None:
    """Bump whenever one of ``models`` is saved or deleted: for apps whose records a published
    page shows resolved (a quiz and its questions, a film, a document)."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        label = model._meta.label_lower
        post_save.connect(bump, sender=model, dispatch_uid=f"published-{label}-saved")
        post_delete.connect(bump, sender=model, dispatch_uid=f"published-{label}-gone")
