"""The course page leads somewhere: a learner's next module, or one way in for a visitor."""

import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from courses.models import ModuleProgress

pytestmark = pytest.mark.django_db


def _page(client, course):
    response = client.get(course["course"].url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _buttons(soup):
    return soup.select("main a.nhsuk-button")


def test_a_new_learner_gets_one_start_button_to_the_first_module(learner_client, course):
    buttons = _buttons(_page(learner_client, course))
    assert [b.get_text(strip=True) for b in buttons] == ["Start the course"]
    assert buttons[0]["href"] == course["modules"][0].url


def test_a_learner_part_way_continues_at_the_next_unfinished_module(
    learner_client, learner, course
):
    first, second = course["modules"]
    ModuleProgress.objects.create(user=learner, module=first, completed_at=timezone.now())
    soup = _page(learner_client, course)
    buttons = _buttons(soup)
    assert len(buttons) == 1 and buttons[0]["href"] == second.url
    assert buttons[0].get_text(" ", strip=True).startswith("Continue")
    assert "Next: Module 2" in soup.get_text()


def test_a_learner_who_has_finished_every_module_has_no_start_button(
    learner_client, learner, course
):
    for module in course["modules"]:
        ModuleProgress.objects.create(user=learner, module=module, completed_at=timezone.now())
    assert _buttons(_page(learner_client, course)) == []


def test_a_visitor_gets_one_sign_in_button_and_no_learner_trappings(client, course):
    soup = _page(client, course)
    buttons = _buttons(soup)
    assert len(buttons) == 1
    assert buttons[0].get_text(strip=True) == "Sign in or create an account to start"
    assert buttons[0]["href"].startswith("/accounts/sign-in/?next=")
    assert not soup.select(".nhsuk-tag"), "a visitor sees no module status tags"
    crumbs = [a.get_text(strip=True) for a in soup.select(".nhsuk-breadcrumb a")]
    assert "My training" not in crumbs
    assert "Module 1" in soup.get_text() and "Module 2" in soup.get_text()


def test_about_this_course_is_a_summary_list_in_the_main_column(client, course):
    soup = _page(client, course)
    about = soup.find("h2", string="About this course")
    assert about is not None
    assert about.find_parent(class_="nhsuk-grid-column-two-thirds") is not None
    keys = [dt.get_text(strip=True) for dt in soup.select("dl.nhsuk-summary-list dt")]
    assert keys == ["CPD time", "Modules", "Teaches the law as at", "Next content review"]
    values = [dd.get_text(strip=True) for dd in soup.select("dl.nhsuk-summary-list dd")]
    assert values[0] == "2 hours 30 minutes" and values[1] == "2"
    assert re.match(r"1 November 2026", values[2])


def test_the_module_list_links_each_module_with_its_status_and_escapes_titles(
    learner_client, learner, course
):
    first, second = course["modules"]
    second.title = 'Rights <b>&</b> "advocacy"'
    second.summary = "Say <why>."
    second.save_revision().publish()
    ModuleProgress.objects.create(user=learner, module=first, completed_at=timezone.now())
    soup = _page(learner_client, course)
    items = soup.select("ul.nhsuk-task-list li.nhsuk-task-list__item")
    links = [item.select_one("a.nhsuk-task-list__link") for item in items]
    assert [a["href"] for a in links] == [first.url, second.url]
    assert links[1].get_text() == '2. Rights <b>&</b> "advocacy"'  # text, not markup
    assert items[1].select_one(".nhsuk-task-list__hint").get_text() == "Say <why>."
    tags = [item.select_one("strong.nhsuk-tag") for item in items]
    assert [t.get_text() for t in tags] == ["Completed", "Not started"]
    assert "nhsuk-tag--green" in tags[0]["class"] and "nhsuk-tag--grey" in tags[1]["class"]
    status = soup.select_one(f"#module-{first.pk}-status")
    assert links[0]["aria-describedby"] == status["id"]


@pytest.mark.parametrize("page_name", ["course", "module"])
def test_the_course_and_module_pages_ask_as_many_queries_at_two_modules_as_at_eight(
    learner_client, learner, page_name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import builders

    counts = []
    for size in (2, 8):
        made = builders.make_course(modules=size)
        ModuleProgress.objects.create(
            user=learner, module=made["modules"][0], completed_at=timezone.now()
        )
        url = made["course"].url if page_name == "course" else made["modules"][0].url
        learner_client.get(url)  # warm: enrolment and caches
        with CaptureQueriesContext(connection) as queries:
            assert learner_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
