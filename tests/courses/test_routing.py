"""Pages are found by their URL path in one query; what may not be served still is not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import builders

pytestmark = pytest.mark.django_db


def test_a_module_is_served_at_its_url_and_a_draft_or_a_wrong_path_is_not(learner_client):
    made = builders.make_course(modules=2)
    course, first, second = made["course"], made["modules"][0], made["modules"][1]
    assert learner_client.get(first.url).status_code == 200
    assert learner_client.get(course.url).status_code == 200
    assert learner_client.get(course.url + "no-such-module/").status_code == 404
    assert learner_client.get(first.url + "deeper/").status_code == 404
    second.unpublish()
    assert learner_client.get(second.url).status_code == 404


def test_routing_costs_the_same_at_any_depth_and_nothing_once_remembered(learner_client):
    from core import published

    made = builders.make_course(modules=1)

    def lookups(url):
        with CaptureQueriesContext(connection) as queries:
            assert learner_client.get(url).status_code == 200
        return [
            q["sql"]
            for q in queries.captured_queries
            if '"wagtailcore_page"."url_path" = ' in q["sql"]
        ]

    for url in (made["course"].url, made["modules"][0].url):
        published.forget()
        # One lookup by URL path, whatever the depth of the page; then none until a publish.
        assert len(lookups(url)) == 1
        assert lookups(url) == []
