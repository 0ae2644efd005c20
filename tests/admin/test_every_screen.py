"""Every screen of the Wagtail admin, opened as each staff role with the demo trust loaded.

A question type's list once answered 500 for everyone, because no test opened it (django-filter
cannot build a filter from ``list_filter = ["tags"]`` on a TaggableManager). This walk opens every
URL the resolver has under /admin/ as a trainer, an L&D manager, a line manager and an admin: each
list plain, searched, and with each of its filters set to a real value; each object's screens for
an object that exists. Every answer is checked against AREAS (who a trust lets in), with the few
screens that answer otherwise on purpose in BY_DESIGN and today's known gaps in KNOWN; no other
answer may be a 5xx. It only sends GETs, so nothing is changed (each visit is also rolled back).

It fails when an admin URL name appears that AREAS does not place and SKIP does not list, or whose
URL arguments it cannot build (teach KWARGS or JOINT). ``pytest -s`` prints a line per role.
"""

import io
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from demo.trust import TRUST
from organisation.models import OrgUnit
from quizzes.models import (
    QUESTION_TYPES,
)

from .expectations import (
    AREAS,
    BY_DESIGN,
    KNOWN,
    POST_ONLY,
    REFUSED_AS,
    ROLES,
    SKIP,
    _match,
    admin_url_names,
    area,
)
from .walk import plan, walk
from .world import World

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo data, loaded once for this module in a transaction rolled back after it, so none
    of it is left for other test modules."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            started = time.monotonic()
            call_command("load_demo", stdout=io.StringIO())
            w = World()
            print(f"\nadmin walk: demo data in {time.monotonic() - started:.1f}s")
            yield w
            transaction.set_rollback(True)
        assert not OrgUnit.objects.filter(name=TRUST).exists()


def test_every_admin_url_name_is_walked_or_skipped(world):
    names = admin_url_names()
    visits = plan(world)
    planned = {visit.name for visit in visits}
    assert not SKIP.keys() - names, f"SKIP lists URLs that no longer exist: {SKIP.keys() - names}"
    assert not SKIP.keys() & planned
    missing = names - planned - SKIP.keys()
    assert not missing, f"Walk these admin URLs or SKIP them with a reason: {sorted(missing)}"
    for visit in visits:
        area(visit.key)  # raises for a URL nobody has placed
    tables = {"AREAS": dict(AREAS), "BY_DESIGN": BY_DESIGN, "KNOWN": KNOWN}
    tables |= {"POST_ONLY": POST_ONLY, "REFUSED_AS": REFUSED_AS}
    for table_name, table in tables.items():
        stale = [p for p in table if not any(_match(visit.key, p) for visit in visits)]
        assert not stale, f"{table_name} has entries that match no admin URL: {stale}"


def test_question_type_lists_filter_by_tag(client, world):
    """The fix for the 500: each type's list filters by tag (and searches) and shows just the
    questions of that type that carry the tag."""
    client.force_login(world.users["trainer"])
    for model in QUESTION_TYPES:
        url = reverse(f"wagtailsnippets_quizzes_{model._meta.model_name}:list")
        tagged = set(model.objects.filter(tags=world.tag))
        for query in ({"tags": world.tag.pk}, {"tags": world.tag.pk, "q": "imha"}):
            response = client.get(url, query)
            assert response.status_code == 200, (url, query)
            shown = set(response.context["object_list"])
            if "q" in query:
                assert shown <= tagged, (url, query)
            else:
                assert shown == tagged, (url, query)
    # Most types have tagged demo questions: a filter that showed nothing would pass above.
    assert sum(model.objects.filter(tags=world.tag).exists() for model in QUESTION_TYPES) >= 6


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_screen(client, world, role):
    client.force_login(world.users[role])
    started = time.monotonic()
    requests, searched, opened, gaps, failures = walk(client, world, role)
    print(
        f"admin walk: {role}: {len(opened)} URLs, {requests} requests ({searched} searched or"
        f" filtered), {len(gaps)} known gaps, {time.monotonic() - started:.1f}s"
    )
    assert not failures, f"{len(failures)} unexpected answers:\n" + "\n".join(failures)
    assert opened == admin_url_names() - SKIP.keys()
