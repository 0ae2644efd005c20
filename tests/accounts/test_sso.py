"""Single sign-on against a real OpenID Connect provider on loopback (oidc-provider-mock): the
first sign-in makes the account and links the staff record; a returning person is the same
account; groups give roles; a tampered state or nonce, a token for another client or from another
issuer, an expired token, a refusal and a switched-off account each get a page that says why;
an existing account is linked only after its owner proves it; signing out ends the provider's
session; local passwords can be switched off."""

import time
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, SsoIdentity, User
from accounts.roles import roles_setup
from accounts.sso import SsoBackend
from tests import builders
from tests.support.oidc import oidc_provider, oidc_provider_short_tokens, sso_settings  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def sso(settings, oidc_provider):  # noqa: F811
    roles_setup(content_root=builders.home_page())
    sso_settings(settings, oidc_provider)
    return oidc_provider


def start(client: Client, **query) -> str:
    response = client.get(reverse("accounts:sso_start"), query)
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, provider, sub, *, tamper=None, **claims):
    """The whole round trip: Bridge → the provider's page → back to Bridge's callback."""
    if claims:
        provider.user(sub, **claims)
    authorize = start(client)
    if tamper:
        authorize = tamper(authorize)
    back = provider.authorize(authorize, sub=sub)
    return client.get(back)


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


NURSE = {
    "email": "ama.mensah@nhs.net",
    "email_verified": True,
    "given_name": "Ama",
    "family_name": "Mensah",
    "employee_number": "40012345",
}


def test_the_start_asks_for_the_code_flow_with_pkce_state_and_nonce(sso):
    client = Client()
    query = parse_qs(urlsplit(start(client)).query)
    assert query["response_type"] == ["code"] and query["client_id"] == ["bridge-test"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["state"][0] in client.session["oidc_states"]


def test_first_sign_in_makes_the_account_and_links_the_staff_record_by_number(
    sso, django_capture_on_commit_callbacks
):
    units = builders.trust_tree()
    record = builders.staff(units["aspen"], employee_number="40012345", email="")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(client, sso, "entra-oid-1", **NURSE)
    assert response.status_code == 302 and response["Location"] == reverse("courses:my_training")
    user = User.objects.get(email="ama.mensah@nhs.net")
    assert (user.first_name, user.last_name) == ("Ama", "Mensah")
    assert not user.has_usable_password() and user.email_verified_at is not None
    assert SsoIdentity.objects.get(user=user).subject == "entra-oid-1"
    record.refresh_from_db()
    assert record.user == user
    assert client.get(reverse("courses:my_training")).status_code == 200
    assert AuditEvent.objects.filter(action="account.created_by_sso").count() == 1


def test_an_unverified_address_never_links_a_staff_record_by_address(
    sso, django_capture_on_commit_callbacks
):
    units = builders.trust_tree()
    record = builders.staff(units["aspen"], email="ama.mensah@nhs.net", employee_number="9")
    with django_capture_on_commit_callbacks(execute=True):
        sign_in(
            Client(),
            sso,
            "entra-oid-2",
            **{**NURSE, "email_verified": False, "employee_number": ""},
        )
    record.refresh_from_db()
    assert record.user is None
    assert User.objects.get(email="ama.mensah@nhs.net").email_verified_at is None


def test_a_returning_person_is_the_same_account(sso):
    sign_in(Client(), sso, "entra-oid-3", **NURSE)
    again = Client()
    response = sign_in(again, sso, "entra-oid-3", **{**NURSE, "family_name": "Mensah-Owusu"})
    assert response.status_code == 302
    assert User.objects.filter(email="ama.mensah@nhs.net").count() == 1
    user = User.objects.get(email="ama.mensah@nhs.net")
    assert user.last_name == "Mensah-Owusu"  # the provider's name is kept up to date
    assert SsoIdentity.objects.get(user=user).last_signed_in_at is not None


def test_the_providers_groups_give_roles_and_take_them_away(sso):
    sign_in(Client(), sso, "entra-oid-4", **NURSE, groups=["grp-trainers", "grp-other"])
    user = User.objects.get(email="ama.mensah@nhs.net")
    assert list(user.groups.values_list("name", flat=True)) == ["Trainers"] and user.is_staff
    client = Client()
    response = sign_in(client, sso, "entra-oid-4", **NURSE, groups=["grp-ld"])
    assert response["Location"] == reverse("tracking_admin:dashboard")  # L&D land on their work
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == ["L&D managers"]
    sign_in(Client(), sso, "entra-oid-4", **NURSE, groups=[])
    user.refresh_from_db()
    assert not user.groups.exists() and not user.is_staff


def test_a_tampered_state_is_refused(sso):
    client = Client()
    sso.user("entra-oid-5", **NURSE)
    back = sso.authorize(start(client), sub="entra-oid-5")
    response = client.get(with_query(back, state="forged-state"))
    assert response.status_code == 400
    assert "could not be matched to the one you started" in response.content.decode()
    assert not User.objects.filter(email="ama.mensah@nhs.net").exists()


def test_a_tampered_nonce_is_refused(sso):
    response = sign_in(
        Client(), sso, "entra-oid-6", tamper=lambda url: with_query(url, nonce="forged"), **NURSE
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="ama.mensah@nhs.net").exists()


def test_a_token_for_another_client_is_refused(sso, settings):
    client = Client()
    sso.user("entra-oid-7", **NURSE)
    back = sso.authorize(with_query(start(client), client_id="another-app"), sub="entra-oid-7")
    response = client.get(back)
    assert response.status_code == 400
    assert "could not be checked" in response.content.decode()
    assert not User.objects.filter(email="ama.mensah@nhs.net").exists()


def test_a_token_from_another_issuer_is_refused(sso, settings):
    # The provider answers on another host name: its tokens name that issuer, not the trust's.
    document = requests.get(sso.url + "/.well-known/openid-configuration", timeout=5).json()
    elsewhere = sso.url.replace("127.0.0.1", "localhost")
    document["token_endpoint"] = elsewhere + "/oauth2/token"
    cache.set(f"bridge:sso:discovery:{sso.url}", document, 600)
    response = sign_in(Client(), sso, "entra-oid-8", **NURSE)
    assert response.status_code == 400
    assert not User.objects.filter(email="ama.mensah@nhs.net").exists()


def test_an_expired_token_is_refused(settings, oidc_provider_short_tokens, monkeypatch):  # noqa: F811
    provider = oidc_provider_short_tokens
    sso_settings(settings, provider)
    real = SsoBackend.get_token

    def slow_network(self, payload):
        tokens = real(self, payload)
        time.sleep(2.1)  # the one-second token has expired by the time Bridge reads it
        return tokens

    monkeypatch.setattr(SsoBackend, "get_token", slow_network)
    response = sign_in(Client(), provider, "entra-oid-9", **NURSE)
    assert response.status_code == 401 and "expired" in response.content.decode()
    assert not User.objects.filter(email="ama.mensah@nhs.net").exists()


def test_a_refusal_at_the_provider_and_a_switched_off_account(sso):
    client = Client()
    back = sso.authorize(start(client), deny=True)
    refused = client.get(back)
    assert refused.status_code == 403 and "did not sign you in" in refused.content.decode()
    sign_in(Client(), sso, "entra-oid-10", **NURSE)
    User.objects.filter(email="ama.mensah@nhs.net").update(is_active=False)
    off = Client()
    response = sign_in(off, sso, "entra-oid-10", **NURSE)
    assert response.status_code == 403 and "switched off" in response.content.decode()
    assert "_auth_user_id" not in off.session


def test_a_tenant_not_allowed_is_refused(sso, settings):
    settings.BRIDGE_SSO = {**settings.BRIDGE_SSO, "ALLOWED_TENANTS": ["trust-tenant"]}
    response = sign_in(Client(), sso, "entra-oid-11", **NURSE, tid="someone-elses")
    assert response.status_code == 403 and "does not use Bridge" in response.content.decode()
    ok = sign_in(
        Client(), sso, "entra-oid-12", **{**NURSE, "email": "b@nhs.net"}, tid="trust-tenant"
    )
    assert ok.status_code == 302


def test_an_existing_account_is_linked_only_after_its_owner_proves_it(sso):
    owner = builders.make_user(email="ama.mensah@nhs.net", first_name="Ama")
    client = Client()
    response = sign_in(client, sso, "entra-oid-13", **NURSE)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sso_link")
    assert "_auth_user_id" not in client.session and not SsoIdentity.objects.exists()
    page = client.get(reverse("accounts:sso_link"))
    assert page.status_code == 200 and "ama.mensah@nhs.net" in page.content.decode()
    wrong = client.post(reverse("accounts:sso_link"), {"password": "not-the-password"})
    assert wrong.status_code == 400 and not SsoIdentity.objects.exists()
    right = client.post(reverse("accounts:sso_link"), {"password": builders.PASSWORD})
    assert right.status_code == 302
    assert SsoIdentity.objects.get().user == owner
    assert int(client.session["_auth_user_id"]) == owner.pk
    # From now on the provider signs the same account in, with no question.
    again = sign_in(Client(), sso, "entra-oid-13", **NURSE)
    assert again.status_code == 302 and again["Location"] == reverse("courses:my_training")
    assert User.objects.filter(email="ama.mensah@nhs.net").count() == 1
    # With nothing pending, the link page is not there.
    assert Client().get(reverse("accounts:sso_link")).status_code == 404


def test_signing_out_ends_the_providers_session_too(sso):
    client = Client()
    sign_in(client, sso, "entra-oid-14", **NURSE)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        sso.url + "/oauth2/end_session"
    )
    query = parse_qs(location.query)
    assert query["id_token_hint"][0] and query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_offers_the_nhs_account(sso):
    page = Client().get(reverse("accounts:login")).content.decode()
    assert "Sign in with your NHS account" in page and reverse("accounts:sso_start") in page
    assert 'name="password"' in page  # local passwords are still on


def test_local_passwords_can_be_switched_off(sso, settings):
    settings.BRIDGE_LOCAL_PASSWORDS = False
    nurse = builders.make_user(email="pat@nhs.net")
    admin = builders.make_user(email="root@nhs.net", is_superuser=True, is_staff=True)
    page = Client().get(reverse("accounts:login")).content.decode()
    assert "Sign in with your NHS account" in page and 'name="password"' not in page
    refused = Client().post(
        reverse("accounts:login"), {"username": nurse.email, "password": builders.PASSWORD}
    )
    assert refused.status_code == 400 and "switched off" in refused.content.decode()
    allowed = Client().post(
        reverse("accounts:login"), {"username": admin.email, "password": builders.PASSWORD}
    )
    assert allowed.status_code == 302  # a way in for admins when the provider is down
    assert Client().get(reverse("accounts:register")).status_code == 404
    assert Client().get(reverse("accounts:password_reset")).status_code == 404


def test_without_a_provider_there_is_no_nhs_sign_in(settings):
    assert not settings.BRIDGE_SSO["ISSUER"]
    assert Client().get(reverse("accounts:sso_start")).status_code == 404
    assert Client().get(reverse("accounts:sso_callback")).status_code == 404
    assert "NHS account" not in Client().get(reverse("accounts:login")).content.decode()


def test_a_trainer_group_from_the_provider_opens_the_admin(sso):
    client = Client()
    sign_in(client, sso, "entra-oid-15", **NURSE, groups=["grp-trainers"])
    assert Group.objects.get(name="Trainers").user_set.filter(email="ama.mensah@nhs.net").exists()
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_pages_let_the_sign_out_form_end_at_the_provider(sso):
    """A browser holds a form's redirect to form-action: the provider's origin is allowed there,
    and nothing else is loosened."""
    policy = Client().get(reverse("accounts:login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["form-action"] == f"'self' {sso.url}"
    assert sso.url not in directives["script-src"]
