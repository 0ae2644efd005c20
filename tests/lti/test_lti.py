"""Bridge as an LTI 1.3 tool, against a platform running on loopback
(services/lti-platform/lti_platform.py): it signs the launches with its own key, checks Bridge's
signed replies against Bridge's key set, and keeps the gradebook Bridge reports to."""

import pytest
import requests
from lti_tool.models import LtiDeployment, LtiUser

from lti import personal_data, selectors
from lti.models import Outcome, Placement, UsedNonce
from tests import builders
from tests.scorm.conftest import complete_module

from .conftest import csrf, form_of, http_get, http_post, launch, sign_in, start_launch

# Serialized: the live server needs committed data, and the site (its pages and content types)
# must be there whichever transactional test ran before.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def deep_link(platform, base: str, choice: str) -> dict:
    """The teacher adds a Bridge activity from the platform: picks it in Bridge, and Bridge's
    signed reply goes back to the platform, which creates the link and its gradebook column."""
    browser = requests.Session()
    answer = launch(browser, platform, "teacher-1", kind="deep")
    assert answer.status_code == 302 and "/lti/pick/" in answer.headers["Location"]
    pick = browser.get(base + answer.headers["Location"])
    assert pick.status_code == 200
    assert f'value="{choice}"' in pick.text
    reply = browser.post(pick.url, data={"choice": choice, "csrfmiddlewaretoken": csrf(pick.text)})
    assert reply.status_code == 200
    assert "form-action 'self' " + platform.issuer in reply.headers["Content-Security-Policy"]
    action, fields = form_of(reply.text)
    assert action == platform.issuer + "/deep-link-return"
    added = browser.post(action, data=fields)
    assert added.status_code == 200, added.text
    return platform.state["links"][f"link-{len(platform.state['links'])}"]


def test_deep_link_launch_link_and_grade_passback(platform, placed, live_server):
    course, modules = placed["course"], placed["modules"]
    base = live_server.url
    link = deep_link(platform, base, f"course:{course.pk}")
    assert link["custom"] == {"course": str(course.pk)}
    assert link["lineitem"]  # a column out of 100 in the platform's gradebook
    assert platform.state["lineitems"]["link-1"]["scoreMaximum"] == 100

    # The learner's first launch: sign in to Bridge, confirm the link, then the course.
    learner = builders.make_user(email="lee@nhs.net", first_name="Lee")
    browser = requests.Session()
    answer = launch(browser, platform, "learner-1", link="link-1")
    assert answer.status_code == 302 and "/lti/continue/" in answer.headers["Location"]
    continue_url = base + answer.headers["Location"]
    to_sign_in = browser.get(continue_url, allow_redirects=False)
    assert to_sign_in.status_code == 302 and "/accounts/sign-in/" in to_sign_in.headers["Location"]
    sign_in(browser, base, learner)
    confirm = browser.get(continue_url)
    assert (
        confirm.status_code == 200
        and "Lee Learner" in confirm.text
        and "lee@nhs.net" in confirm.text
    )
    linked = browser.post(
        continue_url, data={"csrfmiddlewaretoken": csrf(confirm.text)}, allow_redirects=False
    )
    assert linked.status_code == 302 and linked.headers["Location"] == course.url
    assert LtiUser.objects.get(sub="learner-1").auth_user == learner
    assert Outcome.objects.get(lti_user__sub="learner-1").user == learner
    started = platform.state["scores"]  # linked: the gradebook shows the learner has started
    assert [(s["userId"], s["activityProgress"], s["gradingProgress"]) for s in started] == [
        ("learner-1", "InProgress", "Pending")
    ]
    assert "scoreGiven" not in started[0]

    # Completing the course (one knowledge check answer wrong: 3 of 4) reports 75 out of 100.
    complete_module(learner, modules[0])
    complete_module(learner, modules[1], all_right=False)
    scores = [s for s in platform.state["scores"] if s["userId"] == "learner-1"]
    assert scores[-1]["activityProgress"] == "Completed"
    assert scores[-1]["gradingProgress"] == "FullyGraded"
    assert (scores[-1]["scoreGiven"], scores[-1]["scoreMaximum"]) == (75.0, 100)
    outcome = Outcome.objects.get(lti_user__sub="learner-1")
    assert outcome.state == Outcome.State.SENT and outcome.score_given == 75

    # Read back from the platform's own results service, with a token it granted.
    token = http_post(
        platform.issuer + "/token", data={"grant_type": "client_credentials"}
    ).status_code
    assert token == 401  # no signed client assertion, no token
    from pylti1p3.assignments_grades import AssignmentsGradesService
    from pylti1p3.service_connector import ServiceConnector

    from lti.services import tool_key  # noqa: F401  (the key exists after the launch)

    service = AssignmentsGradesService(
        ServiceConnector(platform.bridge_registration.to_registration()),
        {"scope": Placement.objects.get().ags_scopes, "lineitem": link["lineitem"]},
    )
    results = service.get_grades()
    assert [(r["userId"], r["resultScore"]) for r in results] == [("learner-1", 75.0)]

    # The next launch, in a browser with no Bridge session: straight to the course.
    again = requests.Session()
    answer = launch(again, platform, "learner-1", link="link-1")
    opened = again.get(base + answer.headers["Location"], allow_redirects=False)
    assert opened.status_code == 302 and opened.headers["Location"] == course.url
    assert "sessionid" in again.cookies


def test_teacher_sees_the_roster_from_names_and_roles(platform, placed, live_server):
    course, modules = placed["course"], placed["modules"]
    deep_link(platform, live_server.url, f"module:{modules[0].pk}")
    learner = builders.make_user(email="lee@nhs.net")
    browser = requests.Session()
    answer = launch(browser, platform, "learner-1", link="link-1")
    sign_in(browser, live_server.url, learner)
    page = browser.get(live_server.url + answer.headers["Location"])
    browser.post(page.url, data={"csrfmiddlewaretoken": csrf(page.text)})
    complete_module(learner, modules[0])
    assert platform.state["scores"][-1]["activityProgress"] == "Completed"  # a module placement

    teacher = requests.Session()
    answer = launch(teacher, platform, "teacher-1", link="link-1")
    assert "/lti/roster/" in answer.headers["Location"]
    roster = teacher.get(live_server.url + answer.headers["Location"])
    assert roster.status_code == 200
    assert "Lee Learner" in roster.text and "Kim Other" in roster.text  # Kim only from the roster
    assert "Tess Teacher" not in roster.text  # teachers are not learners
    rows = {row.name: row for row in selectors.roster(Placement.objects.get())}
    assert rows["Lee Learner"].status == "Completed" and rows["Lee Learner"].linked
    assert rows["Kim Other"].status == "Not started" and not rows["Kim Other"].linked
    assert course.pk == Placement.objects.get().course_id


def test_a_launch_posted_twice_is_refused(platform, placed, live_server):
    deep_link(platform, live_server.url, f"course:{placed['course'].pk}")
    browser = requests.Session()
    action, fields = start_launch(browser, platform, "learner-1", link="link-1")
    first = browser.post(action, data=fields, allow_redirects=False)
    assert first.status_code == 302
    replay = browser.post(action, data=fields, allow_redirects=False)
    assert replay.status_code == 403
    assert "already been used" in replay.text
    assert UsedNonce.objects.count() == 2  # the teacher's and the learner's, each once


@pytest.mark.parametrize(
    "variant, reason",
    [
        ("wrong_aud", "Registration not found"),
        ("wrong_iss", "Registration not found"),
        ("expired", "Signature has expired"),
        ("tampered", "Signature verification failed"),
    ],
)
def test_a_forged_or_stale_launch_is_refused(platform, placed, live_server, variant, reason):
    deep_link(platform, live_server.url, f"course:{placed['course'].pk}")
    users, nonces = LtiUser.objects.count(), UsedNonce.objects.count()
    answer = launch(requests.Session(), platform, "learner-1", link="link-1", variant=variant)
    assert answer.status_code == 403
    assert reason in answer.text
    assert "could not confirm this launch" in answer.text
    assert (LtiUser.objects.count(), UsedNonce.objects.count()) == (users, nonces)


def test_a_launch_from_another_browser_is_refused(platform, placed, live_server):
    deep_link(platform, live_server.url, f"course:{placed['course'].pk}")
    action, fields = start_launch(requests.Session(), platform, "learner-1", link="link-1")
    elsewhere = http_post(action, data=fields, allow_redirects=False)  # no state cookie
    assert elsewhere.status_code == 403 and "did not start in this browser" in elsewhere.text


def test_a_new_deployment_opens_nothing_until_turned_on(platform, placed, live_server):
    deep_link(platform, live_server.url, f"course:{placed['course'].pk}")
    platform.deployment_id = "deployment-2"
    answer = launch(requests.Session(), platform, "learner-1", link="link-1")
    assert answer.status_code == 403 and "has not been turned on" in answer.text
    deployment = LtiDeployment.objects.get(deployment_id="deployment-2")
    assert not deployment.is_active
    deployment.is_active = True
    deployment.save()
    answer = launch(requests.Session(), platform, "learner-1", link="link-1")
    assert answer.status_code == 302 and "/lti/continue/" in answer.headers["Location"]


def test_only_a_teacher_deep_links_and_sees_the_roster(platform, placed, live_server):
    answer = launch(requests.Session(), platform, "learner-1", kind="deep")
    assert answer.status_code == 403 and "Only a teacher" in answer.text
    pick = http_get(live_server.url + "/lti/pick/forged-token/")
    assert pick.status_code == 400
    roster = http_get(live_server.url + "/lti/roster/forged-token/")
    assert roster.status_code == 400
    chosen = requests.Session()
    answer = launch(chosen, platform, "teacher-1", kind="deep")
    page = chosen.get(live_server.url + answer.headers["Location"])
    empty = chosen.post(
        page.url, data={"choice": "course:999999", "csrfmiddlewaretoken": csrf(page.text)}
    )
    assert empty.status_code == 400 and "Choose a course or module" in empty.text


def test_login_initiation_and_key_set(platform, live_server):
    keys = http_get(live_server.url + "/lti/jwks/").json()["keys"]
    assert keys and keys[0]["alg"] == "RS256" and keys[0]["kid"]
    assert http_get(live_server.url + "/lti/login/").status_code == 400
    unknown = http_get(
        live_server.url + "/lti/login/",
        params={
            "iss": "http://127.0.0.1:1",
            "login_hint": "x",
            "target_link_uri": "x",
            "client_id": "y",
        },
        allow_redirects=False,
    )
    assert unknown.status_code == 404 and "does not know this learning platform" in unknown.text
    assert http_get(live_server.url + "/lti/launch/").status_code == 405
    assert http_post(live_server.url + "/lti/launch/", data={}).status_code == 400


def test_a_linked_account_is_exported_and_erased(platform, placed, live_server):
    deep_link(platform, live_server.url, f"course:{placed['course'].pk}")
    learner = builders.make_user(email="lee@nhs.net")
    browser = requests.Session()
    answer = launch(browser, platform, "learner-1", link="link-1")
    sign_in(browser, live_server.url, learner)
    page = browser.get(live_server.url + answer.headers["Location"])
    browser.post(page.url, data={"csrfmiddlewaretoken": csrf(page.text)})
    exported = personal_data.export(learner)["lms_accounts"]
    assert [(a["platform"], a["subject"], a["email"]) for a in exported] == [
        ("Moodle (test)", "learner-1", "lee@moodle.example")
    ]
    personal_data.erase(learner, "pseudonym")
    assert not LtiUser.objects.filter(sub="learner-1").exists()
    assert not Outcome.objects.exists()


def test_admin_registers_a_platform_and_turns_on_a_deployment(client, staff_admin):
    from lti_tool.models import LtiRegistration

    client.force_login(staff_admin)
    listing = client.get("/admin/lti/platforms/")
    assert listing.status_code == 200
    form = client.get("/admin/lti/platforms/add/")
    assert form.status_code == 200 and "/lti/jwks/" in form.content.decode()
    added = client.post(
        "/admin/lti/platforms/add/",
        {
            "name": "Trust Moodle",
            "issuer": "https://moodle.trust.example",
            "client_id": "abc123",
            "audience": "",
            "auth_url": "https://moodle.trust.example/mod/lti/auth.php",
            "token_url": "https://moodle.trust.example/mod/lti/token.php",
            "keyset_url": "https://moodle.trust.example/mod/lti/certs.php",
            "is_active": "on",
        },
    )
    assert added.status_code == 302
    registration = LtiRegistration.objects.get(client_id="abc123")
    listing = client.get("/admin/lti/platforms/").content.decode()
    assert f"/lti/login/{registration.uuid}/" in listing
    edit = client.get(f"/admin/lti/platforms/edit/{registration.pk}/")
    assert edit.status_code == 200
    deployment = LtiDeployment.objects.create(registration=registration, deployment_id="7")
    assert client.get("/admin/lti/deployments/").status_code == 200
    turned_on = client.post(
        f"/admin/lti/deployments/edit/{deployment.pk}/",
        {"registration": registration.pk, "deployment_id": "7", "is_active": "on"},
    )
    assert turned_on.status_code == 302
    deployment.refresh_from_db()
    assert deployment.is_active
    client.force_login(builders.make_user())
    assert client.get("/admin/lti/platforms/").status_code in (302, 403)


def _linked(platform, live_server, learner) -> None:
    browser = requests.Session()
    answer = launch(browser, platform, "learner-1", link="link-1")
    sign_in(browser, live_server.url, learner)
    page = browser.get(live_server.url + answer.headers["Location"])
    browser.post(page.url, data={"csrfmiddlewaretoken": csrf(page.text)})
    assert LtiUser.objects.get(sub="learner-1").auth_user == learner


def test_a_launch_page_opens_only_in_the_launching_browser_and_signs_in_once(
    platform, placed, live_server
):
    deep_link(platform, live_server.url, f"course:{placed['course'].pk}")
    learner = builders.make_user(email="lee@nhs.net")
    _linked(platform, live_server, learner)

    # A learner's launch page sent to someone else (or opened in another browser) opens nothing.
    own = requests.Session()
    answer = launch(own, platform, "learner-1", link="link-1")
    page = live_server.url + answer.headers["Location"]
    elsewhere = http_get(page, allow_redirects=False)
    assert elsewhere.status_code == 403 and "started in another browser" in elsewhere.text
    # Nor is it another page's token.
    roster = own.get(page.replace("/lti/continue/", "/lti/roster/"), allow_redirects=False)
    assert roster.status_code == 400

    # It signs the learner in once; left in a shared browser's history, it signs no one in again.
    first = own.get(page, allow_redirects=False)
    assert first.status_code == 302 and first.headers["Location"] == placed["course"].url
    assert "sessionid" in own.cookies
    later = requests.Session()
    later.cookies.set("bridge_lti_launch", own.cookies.get("bridge_lti_launch"), path="/lti/")
    again = later.get(page, allow_redirects=False)
    assert again.status_code == 410 and "already been used" in again.text
    assert "sessionid" not in later.cookies


def test_teacher_rights_come_from_each_launch(platform, placed, live_server):
    deep_link(platform, live_server.url, f"course:{placed['course'].pk}")
    platform.users["learner-1"]["role"] = "Instructor"  # a student teacher, for a while
    answer = launch(requests.Session(), platform, "learner-1", link="link-1")
    assert "/lti/roster/" in answer.headers["Location"]
    platform.users["learner-1"]["role"] = "Learner"
    answer = launch(requests.Session(), platform, "learner-1", link="link-1")
    assert "/lti/continue/" in answer.headers["Location"]
    refused = launch(requests.Session(), platform, "learner-1", kind="deep")
    assert refused.status_code == 403 and "Only a teacher" in refused.text
