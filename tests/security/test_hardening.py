"""Security headers, sessions, lockout, and hostile uploads."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from accounts.roles import TRAINERS, roles_setup
from tests import builders

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/accounts/sign-in/",
    "/verify/",
    "/accounts/register/",
    "/verify/NoSuchCode0000000000/",
]


@pytest.mark.parametrize("url", URLS)
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_security_headers(client, url):
    builders.home_page()
    response = client.get(url, secure=True)
    assert response.status_code in (200, 404)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_session_rotates_at_sign_in_and_dies_at_sign_out(client):
    user = builders.make_user(email="rotate@nhs.net")
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    client.post(
        reverse("accounts:login"), {"username": "rotate@nhs.net", "password": builders.PASSWORD}
    )
    after = client.session.session_key
    assert after and after != before
    old_cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = old_cookie
    assert client.get(reverse("courses:my_training")).status_code == 302
    assert user.pk


def test_a_deactivated_account_loses_its_session(client):
    user = builders.make_user()
    client.force_login(user)
    assert client.get(reverse("courses:my_training")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("courses:my_training")).status_code == 302


def _png(width=10, height=10):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _bomb():
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # tiny file, 400 megapixels decoded
    return buffer.getvalue()


SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><script>alert(document.cookie)</script></html>"
POLYGLOT = b"GIF89a/*<svg onload=alert(1)>*/=1;alert(1)//" + b"\x00" * 16
HOSTILE_IMAGES = [
    ("evil.svg", SVG_SCRIPT, "image/svg+xml"),
    ("evil.html", HTML, "text/html"),
    ("page.htm", HTML, "text/html"),
    ("polyglot.gif", POLYGLOT, "image/gif"),
    ("fake.png", HTML, "image/png"),
    ("script.js", b"alert(1)", "application/javascript"),
    ("shell.php", b"<?php system($_GET['c']); ?>", "application/x-php"),
    ("bomb.png", None, "image/png"),
    ("huge.png", b"\x89PNG" + b"0" * (11 * 1024 * 1024), "image/png"),
    ("double.png.html", HTML, "text/html"),
    ("empty.png", b"", "image/png"),
]
HOSTILE_DOCUMENTS = [
    ("evil.svg", SVG_SCRIPT),
    ("evil.html", HTML),
    ("evil.xhtml", HTML),
    ("macro.docm", b"PK\x03\x04macro"),
    ("run.exe", b"MZ\x90\x00"),
    ("script.js", b"alert(1)"),
    ("page.shtml", HTML),
    ("evil.vtt.html", HTML),
    ("noext", HTML),
    ("evil.php", b"<?php ?>"),
]


@pytest.fixture
def trainer_client(client):
    roles_setup(content_root=builders.home_page())
    user = builders.make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=TRAINERS))
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name,data,content_type", HOSTILE_IMAGES, ids=[h[0] for h in HOSTILE_IMAGES]
)
def test_hostile_images_are_rejected(trainer_client, name, data, content_type):
    data = _bomb() if data is None else data
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    trainer_client.post(
        reverse("wagtailimages:add"), {"title": name, "file": upload, "collection": ""}
    )
    assert not get_image_model().objects.filter(title=name).exists()


@pytest.mark.parametrize("name,data", HOSTILE_DOCUMENTS, ids=[h[0] for h in HOSTILE_DOCUMENTS])
def test_hostile_documents_are_rejected(trainer_client, name, data):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    trainer_client.post(
        reverse("wagtaildocs:add"), {"title": name, "file": upload, "collection": ""}
    )
    assert not get_document_model().objects.filter(title=name).exists()


def test_allowed_documents_are_served_as_downloads_that_never_run(trainer_client, client):
    upload = SimpleUploadedFile(
        "notes.txt", b"<script>alert(1)</script>", content_type="text/plain"
    )
    trainer_client.post(
        reverse("wagtaildocs:add"), {"title": "notes", "file": upload, "collection": ""}
    )
    document = get_document_model().objects.get(title="notes")
    response = client.get(document.url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"] or response[
        "Content-Disposition"
    ].startswith("attachment")


def test_a_good_image_is_accepted(trainer_client):
    upload = SimpleUploadedFile("ok.png", _png(), content_type="image/png")
    trainer_client.post(
        reverse("wagtailimages:add"), {"title": "ok", "file": upload, "collection": ""}
    )
    assert get_image_model().objects.filter(title="ok").exists()
