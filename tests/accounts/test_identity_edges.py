"""The edges of proving an address: spent links, a changed address, a mail server that is down,
floods of e-mail, and accounts that existed before."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from accounts import tokens
from accounts.models import User
from tests import builders

pytestmark = pytest.mark.django_db


def test_a_used_link_cannot_be_used_to_try_passwords(client):
    user = builders.make_user(email="ama@nhs.net", verified=False)
    url = reverse("accounts:verify", args=[tokens.verification_token(user)])
    assert client.post(url, {"password": builders.PASSWORD}).status_code == 302
    client.logout()
    again = client.post(url, {"password": builders.PASSWORD})
    assert again.status_code == 400
    assert "already confirmed" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_on_the_link_count_toward_the_accounts_pause(client, settings):
    settings.BRIDGE_ACCOUNT_FAILURE_LIMIT = 3
    user = builders.make_user(email="ama@nhs.net", verified=False)
    url = reverse("accounts:verify", args=[tokens.verification_token(user)])
    for _ in range(3):
        assert client.post(url, {"password": "guess-guess-guess"}).status_code == 400
    paused = client.post(url, {"password": builders.PASSWORD})
    assert paused.status_code == 400 and "too many attempts" in paused.content.decode()
    assert User.objects.get(pk=user.pk).email_verified_at is None


@pytest.mark.parametrize("partial", [False, True])
def test_a_changed_address_is_not_proven(partial):
    user = builders.make_user(email="ama@nhs.net")
    assert user.email_verified_at is not None
    user.email = "someone.else@nhs.net"
    user.save(update_fields=["email"] if partial else None)
    assert User.objects.get(pk=user.pk).email_verified_at is None
    # Saving other fields keeps a proven address proven.
    other = builders.make_user(email="ben@nhs.net")
    other.job_title = "Charge nurse"
    other.save()
    assert User.objects.get(pk=other.pk).email_verified_at is not None


def test_a_mail_server_that_is_down_breaks_nothing(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.support.mail.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        registered = client.post(
            reverse("accounts:register"),
            {
                "first_name": "Ama",
                "last_name": "Mensah",
                "email": "ama.mensah@nhs.net",
                "job_title": "",
                "registration_body": "",
                "registration_number": "",
                "password1": "river-lantern-orbit-42",
                "password2": "river-lantern-orbit-42",
            },
        )
    assert registered.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        signed = client.post(
            reverse("accounts:login"),
            {"username": "ama.mensah@nhs.net", "password": "river-lantern-orbit-42"},
        )
        reset = client.post(reverse("accounts:password_reset"), {"email": "ama.mensah@nhs.net"})
    assert signed.status_code == 400 and reset.status_code == 302
    assert User.objects.filter(email="ama.mensah@nhs.net").exists()


def test_one_address_gets_at_most_five_account_emails_an_hour(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    builders.make_user(email="target@nhs.net")
    for _ in range(8):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:password_reset"), {"email": "target@nhs.net"})
        assert response.status_code == 302  # the page never says the limit was reached
    assert len(mailoutbox) == 5


def test_staff_accounts_made_before_are_treated_as_confirmed():
    staff = builders.make_user(is_staff=True, verified=False)
    learner = builders.make_user(verified=False)
    migration = importlib.import_module("accounts.migrations.0004_staff_accounts_confirmed")
    migration.confirm_staff_accounts(apps, None)
    assert User.objects.get(pk=staff.pk).email_verified_at is not None
    assert User.objects.get(pk=learner.pk).email_verified_at is None


def test_demo_accounts_that_already_existed_are_confirmed():
    from accounts.services import user_ensure

    builders.make_user(email="demo.person@nhs.net", verified=False)
    user, created = user_ensure(
        email="demo.person@nhs.net", password="x" * 12, first_name="D", last_name="P"
    )
    assert not created and user.email_verified_at is not None


def test_the_verification_email_carries_no_text_the_registrant_chose(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:register"),
            {
                "first_name": "Visit evil.example now",
                "last_name": "X",
                "email": "victim@nhs.net",
                "job_title": "",
                "registration_body": "",
                "registration_number": "",
                "password1": "river-lantern-orbit-42",
                "password2": "river-lantern-orbit-42",
            },
        )
    (message,) = mailoutbox
    assert "evil.example" not in message.body and "evil.example" not in message.subject


def test_the_admin_has_no_second_password_reset(client):
    """One reset for everyone, the service's own (it confirms the address and lifts a pause)."""
    assert client.get("/admin/password_reset/").status_code == 404
    assert client.get(reverse("accounts:password_reset")).status_code == 200
