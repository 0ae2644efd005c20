import importlib.util
import re
from html import unescape
from pathlib import Path

import pytest
import requests
from lti_tool.models import LtiDeployment, LtiRegistration

from tests import builders

_spec = importlib.util.spec_from_file_location(
    "lti_platform", Path(__file__).parents[2] / "services" / "lti-platform" / "lti_platform.py"
)
lti_platform = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lti_platform)

from tests.builders._shared import PASSWORD  # noqa: E402


def registered_platform(tool_base: str, name: str = "Moodle (test)"):
    """The test platform on its own loopback port, registered in Bridge with its deployment on."""
    running = lti_platform.Platform(tool_base).start()
    reg = running.registration
    running.bridge_registration = LtiRegistration.objects.create(
        name=name,
        issuer=reg["issuer"],
        client_id=reg["client_id"],
        auth_url=reg["auth_url"],
        token_url=reg["token_url"],
        keyset_url=reg["keyset_url"],
    )
    running.bridge_deployment = LtiDeployment.objects.create(
        registration=running.bridge_registration,
        deployment_id=reg["deployment_id"],
        is_active=True,
    )
    return running


@pytest.fixture
def platform(live_server):
    running = registered_platform(live_server.url)
    yield running
    running.stop()


@pytest.fixture
def placed(db):
    return builders.make_course(modules=2, title="Working with IMHAs")


def form_of(page: str) -> tuple[str, dict]:
    """The action and hidden fields of the first form on a page."""
    action = unescape(re.search(r'<form[^>]*action="([^"]*)"', page).group(1))
    fields = {
        unescape(name): unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }
    return action, fields


def start_launch(browser: requests.Session, platform, user: str, **kwargs) -> tuple[str, dict]:
    """A click on the activity: the platform starts the login, Bridge sends the browser to the
    platform's authorisation endpoint, which answers with the signed launch to post."""
    step = browser.get(platform.launch_url(user, **kwargs), allow_redirects=False)
    assert step.status_code == 302
    login = browser.get(step.headers["Location"], allow_redirects=False)
    assert login.status_code == 302, login.text[:500]
    auth = browser.get(login.headers["Location"])
    assert auth.status_code == 200, auth.text
    return form_of(auth.text)


def launch(browser: requests.Session, platform, user: str, **kwargs) -> requests.Response:
    action, fields = start_launch(browser, platform, user, **kwargs)
    return browser.post(action, data=fields, allow_redirects=False)


def sign_in(browser: requests.Session, base: str, user) -> None:
    page = browser.get(base + "/accounts/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        base + "/accounts/sign-in/",
        data={"csrfmiddlewaretoken": token, "username": user.email, "password": PASSWORD},
        headers={"Referer": base + "/accounts/sign-in/"},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:1000]


def csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def http_get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, timeout=30, **kwargs)


def http_post(url: str, **kwargs) -> requests.Response:
    return requests.post(url, timeout=30, **kwargs)
