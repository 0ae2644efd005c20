"""Learner pages run no inline script; the admin keeps what it needs; browser features Bridge
never uses are off; nobody's personal download is kept by a browser or proxy."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.services import certificate_issue
from courses.models import CourseCompletion
from tests import builders

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def script_src(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    directive = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    return directive.split()[1:]


def inline_scripts(html: str, nonce: str | None) -> list[str]:
    """Script tags that would run inline code: no src, not a JSON data block, no right nonce."""
    found = []
    for attributes in SCRIPT.findall(html):
        if "src=" in attributes or 'type="application/json"' in attributes:
            continue
        if nonce and f'nonce="{nonce}"' in attributes:
            continue
        found.append(attributes)
    return found


def learner_urls(course):
    module = course["modules"][0]
    return [
        "/",
        course["course"].url,
        module.url,
        reverse("courses:my_training"),
        reverse("cpd:record"),
        reverse("certificates:verify"),
        reverse("tracking:my_data"),
    ]


def test_learner_pages_allow_no_inline_script(learner_client, course):
    for url in learner_urls(course):
        response = learner_client.get(url)
        assert response.status_code == 200, url
        sources = script_src(response)
        assert "'unsafe-inline'" not in sources, url
        assert "'self'" in sources
        nonce = next((s[7:-1] for s in sources if s.startswith("'nonce-")), None)
        assert inline_scripts(response.content.decode(), nonce) == [], url


@pytest.mark.parametrize(
    "url", ["/accounts/sign-in/", "/accounts/register/", "/accounts/password-reset/", "/verify/"]
)
def test_public_pages_allow_no_inline_script(client, url):
    builders.home_page()
    response = client.get(url)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in script_src(response)
    assert inline_scripts(response.content.decode(), None) == []


def test_the_admin_keeps_inline_scripts(client, staff_admin):
    client.force_login(staff_admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in script_src(response)


def test_a_nonce_is_fresh_for_each_request_that_uses_one(rf):
    from django.http import HttpResponse

    from core.middleware import BridgeCSPMiddleware

    middleware = BridgeCSPMiddleware(lambda request: HttpResponse("ok"))
    nonces = []
    for _ in range(2):
        request = rf.get("/")
        middleware.process_request(request)
        nonces.append(str(request.csp_nonce))
        response = middleware.process_response(request, HttpResponse("ok"))
        assert f"'nonce-{nonces[-1]}'" in response["Content-Security-Policy"]
    assert nonces[0] != nonces[1]


@pytest.mark.parametrize("url", ["/", "/accounts/sign-in/", "/admin/login/"])
def test_permissions_policy_switches_off_unused_features(client, url):
    builders.home_page()
    policy = client.get(url)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
    assert 'fullscreen=(self "https://www.youtube-nocookie.com"' in policy


def test_every_personal_download_is_private_and_never_stored(learner_client, learner, course):
    completion = CourseCompletion.objects.create(
        user=learner, course=course["course"], completed_at=timezone.now()
    )
    certificate = certificate_issue(completion=completion)
    downloads = [
        reverse("certificates:download", args=[certificate.code]),
        reverse("tracking:my_data_export", args=["json"]),
        reverse("tracking:my_data_export", args=["pdf"]),
        reverse("cpd:export", args=["pdf"]),
        reverse("cpd:export", args=["csv"]),
    ]
    for url in downloads:
        response = learner_client.get(url)
        assert response.status_code == 200, url
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


def _directive(response, name: str) -> list[str]:
    policy = response["Content-Security-Policy"]
    part = next(p for p in policy.split(";") if p.strip().startswith(name + " "))
    return part.split()[1:]


def test_the_nhs_font_host_and_nothing_else_may_serve_fonts(client, staff_admin):
    from django.conf import settings

    assert settings.BRIDGE_FONT_SOURCES == ["https://assets.nhs.uk"]
    assert _directive(client.get("/verify/"), "font-src") == ["'self'", "https://assets.nhs.uk"]
    client.force_login(staff_admin)
    admin = client.get("/admin/")
    assert _directive(admin, "font-src") == ["'self'", "https://assets.nhs.uk"]


def test_the_font_source_is_configurable(monkeypatch):
    """A trust that serves the fonts itself sets BRIDGE_FONT_SOURCES; the settings read it."""
    import importlib

    import lms.settings.base as base

    monkeypatch.setenv("BRIDGE_FONT_SOURCES", "https://fonts.trust.nhs.uk")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.CONTENT_SECURITY_POLICY["DIRECTIVES"]["font-src"] == [
            "'self'",
            "https://fonts.trust.nhs.uk",
        ]
        monkeypatch.setenv("BRIDGE_FONT_SOURCES", "")
        assert importlib.reload(base).CONTENT_SECURITY_POLICY["DIRECTIVES"]["font-src"] == [
            "'self'"
        ]
    finally:
        monkeypatch.delenv("BRIDGE_FONT_SOURCES")
        importlib.reload(base)


def test_the_admin_home_makes_no_call_to_the_internet(client, staff_admin):
    """Wagtail's 'new version' check would fetch from the internet and be blocked by the admin's
    policy, with console errors for every superuser: it is off."""
    client.force_login(staff_admin)
    html = client.get("/admin/").content.decode()
    assert "w-upgrade" not in html and "data-w-upgrade" not in html
