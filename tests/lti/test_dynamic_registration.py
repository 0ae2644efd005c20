"""LTI Dynamic Registration: an admin makes a one-time link, the platform opens it with the
address of its configuration and a registration token, and Bridge registers with it."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from lti_tool.models import LtiDeployment, LtiRegistration

from tests import builders

from .conftest import http_get, launch, lti_platform

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def unregistered(live_server):
    running = lti_platform.Platform(live_server.url).start()
    yield running
    running.stop()


def registration_link(client, staff_admin, live_server) -> str:
    """The link the admin copies, on the live server's address."""
    client.force_login(staff_admin)
    page = client.get("/admin/lti/register-link/")
    assert page.status_code == 200
    link = unescape(
        re.search(r'<code id="registration-link">([^<]+)</code>', page.content.decode()).group(1)
    )
    assert link.startswith(settings.BASE_URL + "/lti/register/")  # on the site's own address
    return live_server.url + urlsplit(link).path


def test_a_platform_registers_itself_with_an_admins_link(
    client, staff_admin, unregistered, live_server
):
    link = registration_link(client, staff_admin, live_server)
    opened = http_get(unregistered.registration_url(link))
    assert opened.status_code == 200, opened.text
    assert "Bridge is registered" in opened.text
    assert (
        unregistered.issuer
        in opened.headers["Content-Security-Policy"].split("frame-ancestors")[1].split(";")[0]
    )
    assert "X-Frame-Options" not in opened.headers

    told = unregistered.state["registrations"][0]
    assert told["redirect_uris"] == [live_server.url + "/lti/launch/"]
    assert told["initiate_login_uri"] == live_server.url + "/lti/login/"
    assert told["jwks_uri"] == live_server.url + "/lti/jwks/"
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in told["scope"].split()
    registration = LtiRegistration.objects.get()
    assert (registration.issuer, registration.client_id) == (
        unregistered.issuer,
        "bridge-registered-1",
    )
    assert registration.token_url == unregistered.issuer + "/token"
    assert LtiDeployment.objects.get(registration=registration).is_active

    # The registration works: a teacher's deep-linking launch from the platform opens the picker.
    builders.make_course(modules=1, title="Working with IMHAs")
    import requests

    answer = launch(requests.Session(), unregistered, "teacher-1", kind="deep")
    assert answer.status_code == 302 and "/lti/pick/" in answer.headers["Location"]

    # The link works once.
    again = http_get(unregistered.registration_url(link))
    assert again.status_code == 410 and "has been used" in again.text
    assert LtiRegistration.objects.count() == 1


def test_a_forged_link_or_a_bad_configuration_registers_nothing(
    client, staff_admin, unregistered, live_server
):
    forged = http_get(unregistered.registration_url(live_server.url + "/lti/register/not-a-link/"))
    assert forged.status_code == 400 and "not a registration link made by Bridge" in forged.text
    link = registration_link(client, staff_admin, live_server)
    no_config = http_get(link, params={"openid_configuration": live_server.url + "/lti/jwks/"})
    assert no_config.status_code == 400 and "missing an address" in no_config.text
    missing = http_get(registration_link(client, staff_admin, live_server))  # no configuration
    assert missing.status_code == 400
    assert not LtiRegistration.objects.exists()


def test_only_an_admin_makes_a_registration_link(client):
    client.force_login(builders.make_user())
    assert client.get("/admin/lti/register-link/").status_code in (302, 403)
    trainer = builders.make_trainer()
    client.force_login(trainer)
    assert client.get("/admin/lti/register-link/").status_code in (302, 403)
