"""What is published is remembered between requests, and forgotten the moment it changes.

Each test reads a page twice (so the second read comes from memory), changes something through
Wagtail or the models as a trainer would, and checks the very next request serves the change.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from core import published
from courses.models import ModulePage
from quizzes.models import QuizQuestion
from tests import builders

pytestmark = pytest.mark.django_db


def queries(client, url, status=200):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response, [q["sql"] for q in context.captured_queries]


PUBLISHED_TABLES = (
    "wagtailcore_page",
    "wagtailcore_site",
    "pageviewrestriction",
    "wagtailmedia",
    "wagtaildocs",
    '"quizzes_quiz"',
    "quizzes_quizquestion",
)


def page_queries(sqls):
    """The queries that read what is published (the learner's own state, which finds a course's
    modules by their path, is not one of them)."""
    return [
        sql
        for sql in sqls
        if "courses_moduleprogress" not in sql and any(t in sql for t in PUBLISHED_TABLES)
    ]


@pytest.fixture
def made(db):
    return builders.make_course(modules=2)


def test_once_read_a_page_asks_the_database_nothing_about_the_site_the_route_or_its_content(
    learner_client, made
):
    for url in (made["course"].url, made["modules"][0].url, made["course"].get_parent().url):
        _, first = queries(learner_client, url)
        _, again = queries(learner_client, url)
        assert page_queries(first), url  # the first read did ask
        assert page_queries(again) == [], (url, page_queries(again))
        assert len(again) < len(first)


def test_a_plain_page_is_three_queries_for_a_learner_session_user_and_the_footer(
    learner_client, made
):
    index = made["course"].get_parent()
    queries(learner_client, index.url)
    _, sqls = queries(learner_client, index.url)
    assert len(sqls) <= 5
    assert len(sqls) == 3, sqls


def test_publishing_a_change_is_served_at_once_and_a_draft_never_is(learner_client, made):
    module = ModulePage.objects.get(pk=made["modules"][0].pk)
    queries(learner_client, module.url)
    module.title = "A draft title"
    module.save_revision()  # a draft: the live page is unchanged
    response, _ = queries(learner_client, module.url)
    assert b"A draft title" not in response.content
    module.title = "Talking with an advocate"
    module.save_revision().publish()
    response, _ = queries(learner_client, module.url)
    assert b"Talking with an advocate" in response.content
    # The course's outline lists the module by its new title too.
    response, _ = queries(learner_client, made["course"].url)
    assert b"Talking with an advocate" in response.content


def test_unpublishing_moving_and_deleting_are_served_at_once(learner_client, made):
    first, second = (ModulePage.objects.get(pk=m.pk) for m in made["modules"])
    for page in (first, second):
        queries(learner_client, page.url)
    old_url = second.url
    first.unpublish()
    queries(learner_client, first.url, status=404)
    other = builders.make_course(modules=1)["course"]
    second.move(other, pos="last-child")
    second = ModulePage.objects.get(pk=second.pk)
    assert second.url != old_url
    response, _ = queries(learner_client, old_url, status=301)  # Wagtail's redirect on a move
    assert response["Location"].endswith(second.url)
    queries(learner_client, second.url)
    url = second.url
    second.delete()
    queries(learner_client, url, status=404)


def test_a_new_view_restriction_applies_at_once(learner_client, made):
    course = made["course"]
    queries(learner_client, course.url)
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Ward 7 only"))
    response = learner_client.get(course.url)
    assert response.status_code in (302, 403)
    restriction.delete()
    queries(learner_client, course.url)


def test_a_quiz_edit_reaches_the_published_module_page(learner_client, made):
    module, quiz = made["modules"][0], made["quizzes"][0]
    response, _ = queries(learner_client, module.url)
    assert b"2 questions." in response.content
    QuizQuestion.objects.create(quiz=quiz, question=builders.true_false(), sort_order=3)
    response, _ = queries(learner_client, module.url)
    assert b"3 questions." in response.content


def test_a_site_change_is_read_again(client, made):
    queries(client, made["course"].url)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Bridge at the Trust"
    site.save()
    before = published.generation()
    queries(client, made["course"].url)
    assert published.generation() == before  # reading does not bump
    site.save()
    assert published.generation() != before


def test_learners_answers_never_bump_the_generation(learner, made):
    from courses import services as course_services
    from quizzes import services as quiz_services

    token = published.generation()
    module = made["modules"][0]
    course_services.enrolment_ensure(user=learner, course=made["course"])
    course_services.transcript_confirm(user=learner, module=module)
    attempt = quiz_services.attempt_start(
        user=learner, quiz=made["quizzes"][0], context_id=module.pk
    )
    quiz_services.attempt_submit(
        attempt=attempt, answers={q.pk: builders.right_raw(q) for q in attempt.questions()}
    )
    assert published.generation() == token


def test_the_generation_moves_again_when_the_publish_commits(
    made, django_capture_on_commit_callbacks
):
    module = ModulePage.objects.get(pk=made["modules"][0].pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        module.save_revision().publish()
    in_transaction = published.generation()
    for callback in callbacks:
        callback()
    assert published.generation() != in_transaction


def test_each_request_gets_its_own_copy_of_a_remembered_page(rf, made):
    module = made["modules"][0]
    first = published.route_for_request(rf.get(module.url), module.url)
    second = published.route_for_request(rf.get(module.url), module.url)
    assert first.page is not second.page
    assert first.page.pk == second.page.pk == module.pk
    first.page.something_for_one_request = "mine"
    assert not hasattr(second.page, "something_for_one_request")
    # What they share was resolved once: the body's film and quiz, the course.
    assert first.page.course is second.page.course


def test_without_the_shared_cache_pages_are_still_served_from_the_database(
    learner_client, made, monkeypatch
):
    real_get = published.cache.get

    def get(key, *args, **kwargs):
        if key == published.GENERATION_KEY:
            raise ConnectionError("the cache server is down")
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(published.cache, "get", get)
    for _ in range(2):
        response, sqls = queries(learner_client, made["modules"][0].url)
        assert page_queries(sqls)  # read each time
    assert b"Module 1" in response.content


def test_a_missing_page_is_a_404_each_time(learner_client, made):
    url = made["course"].url + "no-such-module/"
    for _ in range(2):
        queries(learner_client, url, status=404)


def test_a_module_under_a_view_restriction_is_refused_by_the_module_views(learner_client, made):
    module = made["modules"][0]
    url = f"/modules/{module.pk}/film/transcript-read/"
    assert learner_client.post(url).status_code != 404  # remembered while public
    PageViewRestriction.objects.create(
        page=made["course"], restriction_type=PageViewRestriction.PASSWORD, password="ward7"
    )
    assert learner_client.post(url).status_code == 404
