import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import User
from tests import builders

pytestmark = pytest.mark.django_db

GOOD = {
    "first_name": "Ama",
    "last_name": "Mensah",
    "email": "Ama.Mensah@NHS.net",
    "job_title": "Staff nurse",
    "registration_body": "nmc",
    "registration_number": "12a3456e",
    "password1": "river-lantern-orbit-42",
    "password2": "river-lantern-orbit-42",
}


def test_register_with_an_allowed_domain_asks_to_confirm_the_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:check_email")
    user = User.objects.get()
    assert user.email == "ama.mensah@nhs.net"
    assert user.registration_number == "12A3456E"
    assert user.email_verified_at is None
    # Not signed in: the account waits for its owner to follow the link.
    assert client.get(reverse("courses:my_training")).status_code == 302
    assert "ama.mensah@nhs.net" in client.get(response["Location"]).content.decode()
    assert [m.to for m in mailoutbox] == [["ama.mensah@nhs.net"]]


def test_subdomains_of_allowed_domains_are_allowed():
    assert services.email_domain_allowed("x@trust.nhs.net")
    assert not services.email_domain_allowed("x@evilnhs.net")
    assert not services.email_domain_allowed("x@nhs.net.evil.com")


def test_a_domain_outside_the_setting_is_refused_with_a_message(client):
    response = client.post(reverse("accounts:register"), {**GOOD, "email": "ama@gmail.com"})
    assert response.status_code == 400
    assert "Use your work e-mail address" in response.content.decode()
    assert not User.objects.exists()


def test_registration_closed_when_no_domains(client, settings):
    settings.BRIDGE_REGISTRATION_DOMAINS = []
    response = client.post(reverse("accounts:register"), GOOD)
    assert response.status_code == 400
    assert "Self-registration is closed" in response.content.decode()


def test_an_address_already_registered_gets_the_same_page_and_its_owner_an_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    builders.make_user(email="ama.mensah@nhs.net")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:check_email")
    assert User.objects.count() == 1
    (message,) = mailoutbox
    assert message.to == ["ama.mensah@nhs.net"]
    assert "already has one" in message.body
    assert reverse("accounts:password_reset") in message.body


def test_the_database_refuses_two_accounts_for_one_address():
    builders.make_user(email="dup@nhs.net")
    with pytest.raises(ValidationError):
        User(username="DUP@nhs.net", email="DUP@nhs.net").validate_constraints()


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"password2": "something-else-99"}, "do not match"),
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"email": "not-an-email"}, "in the correct format, like name@nhs.net"),
        ({"first_name": ""}, "required"),
    ],
)
def test_bad_forms_get_400_and_a_clear_message(client, changes, message):
    response = client.post(reverse("accounts:register"), {**GOOD, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_register_page_labels_every_field(client):
    html = client.get(reverse("accounts:register")).content.decode()
    for name in (
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "registration_number",
    ):
        assert f'<label class="nhsuk-label" for="id_{name}">' in html


def test_sign_in_with_email_and_password(client):
    builders.make_user(email="sign.in@nhs.net")
    response = client.post(
        reverse("accounts:login"), {"username": "Sign.In@nhs.net", "password": builders.PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("courses:my_training")).status_code == 200


def test_repeated_failures_lock_the_account(client):
    builders.make_user(email="target@nhs.net")
    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": "target@nhs.net", "password": "wrong-password"}
        )
    response = client.post(
        reverse("accounts:login"), {"username": "target@nhs.net", "password": builders.PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_sign_out_needs_post_and_ends_the_session(client):
    user = builders.make_user()
    client.force_login(user)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("courses:my_training")).status_code == 302
