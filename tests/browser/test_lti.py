"""LTI 1.3 in Chromium, against the platform on loopback (services/lti-platform): a teacher adds
a Bridge course to their LMS course by deep linking, a learner opens it from the LMS, signs in to
Bridge and links their account, completes the course, and the LMS gradebook shows the score; the
teacher then sees the roster. Every Bridge page on the way is checked with axe."""

import pytest
from lti_tool.models import LtiUser

from tests import builders
from tests.lti.conftest import registered_platform
from tests.scorm.conftest import complete_module

from .conftest import FONTS, Journey, journey_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def platform(journey):
    running = registered_platform(journey.base, name="Ward Moodle")
    yield running
    running.stop()


def test_a_teacher_places_a_course_and_a_learner_completes_it_from_the_lms(
    journey, page, browser, platform
):
    course = builders.make_course(modules=2, title="Advocacy on the ward")
    learner = builders.make_user(email="lee.learner@nhs.net", first_name="Lee", last_name="Learner")

    # The teacher adds a Bridge activity to their LMS course, and picks the course in Bridge.
    page.goto(platform.issuer + "/")
    page.click("text=Add a Bridge activity")
    page.wait_for_url("**/lti/pick/**")
    assert page.locator("h1").inner_text() == "Choose what to add to Ward 7 induction"
    journey.check("pick-a-course")
    page.get_by_label("Course: Advocacy on the ward").check()
    page.click("button:has-text('Add to my course')")
    page.wait_for_url(platform.issuer + "/deep-link-return")
    assert page.locator("h1").inner_text() == "Activity added"
    assert platform.state["links"]["link-1"]["title"] == "Advocacy on the ward"

    # The learner, in a browser of their own, opens it from the LMS course page.
    context = browser.new_context()
    context.route(FONTS, Journey._font)
    learner_page = context.new_page()
    learner_journey = Journey("lti-learner", learner_page, journey_server(journey))
    learner_page.goto(platform.issuer + "/")
    learner_page.click("text=Open as Lee Learner")
    learner_page.wait_for_url("**/accounts/sign-in/**")
    learner_page.fill("input[name=username]", learner.email)
    learner_page.fill("input[name=password]", builders.PASSWORD)
    learner_page.click("main button[type=submit]")
    learner_page.wait_for_url("**/lti/continue/**")
    assert "Lee Learner" in learner_page.locator("main").inner_text()
    learner_journey.check("link-your-account")
    learner_page.click("button:has-text('Link and start')")
    learner_page.wait_for_url(f"**{course['course'].url}")
    assert LtiUser.objects.get(sub="learner-1").auth_user == learner

    complete_module(learner, course["modules"][0])
    complete_module(learner, course["modules"][1], all_right=False)
    learner_page.goto(platform.issuer + "/")
    assert "learner-1: 75.0 / 100 (Completed)" in learner_page.locator("#gradebook").inner_text()

    # The next launch goes straight to the course.
    learner_page.click("text=Open as Lee Learner")
    learner_page.wait_for_url(f"**{course['course'].url}")
    learner_journey.no_console_errors("second launch")
    context.close()

    # The teacher opens the activity: the roster, from the LMS's class list.
    page.goto(platform.issuer + "/")
    page.click("text=Open as Tess Teacher")
    page.wait_for_url("**/lti/roster/**")
    table = page.locator("table").inner_text()
    assert "Lee Learner" in table and "Completed" in table
    assert "75 out of 100" in table
    assert "Kim Other" in table and "Not started" in table
    journey.check("roster")
