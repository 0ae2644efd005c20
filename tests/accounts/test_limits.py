"""Lockouts and rate limits key on the real client behind the trusted proxies, with a limit per
account too: spread addresses cannot guess a password, and one shared proxy address cannot be
used to lock a colleague out."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.ratelimit import client_address
from tests import builders

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def attempt(client, email, password, *, client_ip, via_proxy=True):
    meta = (
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"203.0.113.77, {client_ip}"}
        if via_proxy
        else {"REMOTE_ADDR": client_ip}
    )
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **meta)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "198.51.100.1", PROXY, PROXY),  # no trusted proxy: the header is ignored
        (0, "", "not-an-address", None),
        (1, "198.51.100.1", PROXY, "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", PROXY, "198.51.100.1"),  # the client wrote 6.6.6.6
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.9", PROXY, "198.51.100.1"),
        (2, "198.51.100.1", PROXY, PROXY),  # fewer hops than proxies: not trusted
        (1, "not-an-address", PROXY, PROXY),
        (1, "2001:db8::1", PROXY, "2001:db8::1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, remote, expected):
    settings.BRIDGE_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_address(request) == expected


def test_one_shared_proxy_address_does_not_lock_a_colleague_out(client, settings):
    """Behind the trust's proxy everyone arrives from one address. A colleague failing five times
    locks only their own pair of account and address."""
    settings.BRIDGE_TRUSTED_PROXIES = 1
    builders.make_user(email="victim@nhs.net")
    for _ in range(5):
        attempt(client, "victim@nhs.net", "wrong-password-1", client_ip="198.51.100.66")
    locked = attempt(client, "victim@nhs.net", builders.PASSWORD, client_ip="198.51.100.66")
    assert locked.status_code == 429
    ok = attempt(client, "victim@nhs.net", builders.PASSWORD, client_ip="198.51.100.10")
    assert ok.status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lockout(client, settings):
    settings.BRIDGE_TRUSTED_PROXIES = 0
    builders.make_user(email="target@nhs.net")
    for n in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": "target@nhs.net", "password": "wrong-password-1"},
            REMOTE_ADDR="198.51.100.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "target@nhs.net", "password": builders.PASSWORD},
        REMOTE_ADDR="198.51.100.9",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429


def test_guesses_spread_over_many_addresses_meet_the_account_limit(client, settings, mailoutbox):
    settings.BRIDGE_TRUSTED_PROXIES = 1
    settings.BRIDGE_ACCOUNT_FAILURE_LIMIT = 20
    builders.make_user(email="target@nhs.net")
    for n in range(20):
        attempt(client, "target@nhs.net", f"guess-{n}-password", client_ip=f"192.0.2.{n + 1}")
    # Even the right password, from a fresh address, is now refused for this account...
    paused = attempt(client, "target@nhs.net", builders.PASSWORD, client_ip="198.51.100.200")
    assert paused.status_code == 429
    assert "reset your password" in paused.content.decode()
    assert "_auth_user_id" not in client.session
    # ...and so is every further guess, without the password being checked.
    assert attempt(client, "target@nhs.net", "x" * 12, client_ip="192.0.2.99").status_code == 429
    # Other accounts are untouched.
    builders.make_user(email="colleague@nhs.net")
    fine = attempt(client, "colleague@nhs.net", builders.PASSWORD, client_ip="192.0.2.1")
    assert fine.status_code == 302


def test_the_owner_gets_back_in_at_once_by_resetting(
    client, settings, django_capture_on_commit_callbacks
):
    import re

    settings.BRIDGE_ACCOUNT_FAILURE_LIMIT = 3
    builders.make_user(email="target@nhs.net")
    for n in range(3):
        attempt(client, "target@nhs.net", "nope-nope-nope", client_ip=f"192.0.2.{n + 1}")
    assert (
        attempt(client, "target@nhs.net", builders.PASSWORD, client_ip="192.0.2.50").status_code
        == 429
    )
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "target@nhs.net"})
    url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    form = client.get(url, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand-new-words-55", "new_password2": "brand-new-words-55"},
    )
    client.logout()
    back = attempt(client, "target@nhs.net", "brand-new-words-55", client_ip="192.0.2.50")
    assert back.status_code == 302


def test_the_verify_limit_keys_on_the_client_behind_the_proxy(client, settings):
    settings.BRIDGE_TRUSTED_PROXIES = 1
    url = reverse("certificates:verify_code", args=["A" * 26])
    statuses = [
        client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
        for _ in range(21)
    ]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    # Another nurse behind the same proxy is not refused.
    other = client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 404


def test_unknown_codes_from_spread_addresses_meet_a_shared_limit(client, monkeypatch):
    from certificates import views

    monkeypatch.setattr(views, "VERIFY_MISSES_PER_MINUTE", 30)
    statuses = [
        client.get(
            reverse("certificates:verify_code", args=[f"{n:026d}"]), REMOTE_ADDR=f"192.0.2.{n}"
        ).status_code
        for n in range(1, 41)
    ]
    assert statuses.count(404) == 30 and statuses.count(429) == 10
