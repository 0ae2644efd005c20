"""Nobody can take a colleague's identity: an address is proven before an account can sign in or
be linked to a staff record; password reset proves it too; neither says who has an account."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services, tokens
from accounts.models import AuditEvent, User
from organisation.models import StaffProfile
from organisation.services import staff_import
from tests import builders

pytestmark = pytest.mark.django_db

ESR = (
    "Employee Number,First Name,Last Name,Email,Position Title,Organisation,Staff Group,"
    "Assignment Status\n"
    "200001,New,Starter,new.starter@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,"
    "Active Assignment\n"
)
SQUATTER = {
    "first_name": "Not",
    "last_name": "Them",
    "email": "new.starter@nhs.net",
    "job_title": "",
    "registration_body": "",
    "registration_number": "",
    "password1": "squatter-owns-this-77",
    "password2": "squatter-owns-this-77",
}


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (where e-mail is sent) as each block finishes."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def sign_in(client, email, password, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


def test_the_squatter_attack_fails_end_to_end(client, sent, staff_admin):
    """Someone registers a new starter's address before ESR knows them. The import does not link
    the record to that account; the real person takes the address back through a reset."""
    builders.trust_tree()
    with sent():
        assert client.post(reverse("accounts:register"), SQUATTER).status_code == 302
    squatter = User.objects.get(email="new.starter@nhs.net")
    assert squatter.email_verified_at is None
    # The squatter cannot sign in: the link went to the real person's mailbox.
    refused = sign_in(client, "new.starter@nhs.net", SQUATTER["password1"])
    assert refused.status_code == 400
    assert "Confirm your e-mail address" in refused.content.decode()

    dry = staff_import(data=ESR.encode(), filename="esr.csv", actor=staff_admin, dry_run=True)
    assert [row.employee_number for row in dry.unlinked_rows] == ["200001"]
    report = staff_import(data=ESR.encode(), filename="esr.csv", actor=staff_admin, dry_run=False)
    assert report.committed and len(report.unlinked_rows) == 1
    record = StaffProfile.objects.get(employee_number="200001")
    assert record.user is None
    assert AuditEvent.objects.filter(action="staff.link_held", object_id=str(record.pk)).exists()

    # The real person is told the address has an account, and resets the password by e-mail.
    mail.outbox.clear()
    with sent():
        again = client.post(reverse("accounts:register"), {**SQUATTER, "first_name": "New"})
    assert again["Location"] == reverse("accounts:check_email")
    assert "already has one" in mail.outbox[0].body
    with sent():
        client.post(reverse("accounts:password_reset"), {"email": "new.starter@nhs.net"})
    reset_url = link_in(mail.outbox[-1])
    form = client.get(reset_url, follow=True)
    assert form.status_code == 200 and "Set a new password" in form.content.decode()
    with sent():
        done = client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "mine-at-last-2026", "new_password2": "mine-at-last-2026"},
        )
    assert done.status_code == 302
    squatter.refresh_from_db()
    assert squatter.email_verified_at is not None
    record.refresh_from_db()
    assert record.user_id == squatter.pk  # linked now the address is proven
    client.logout()
    assert sign_in(client, "new.starter@nhs.net", SQUATTER["password1"]).status_code == 400
    assert sign_in(client, "new.starter@nhs.net", "mine-at-last-2026").status_code == 302


def test_import_links_only_a_verified_account(staff_admin):
    builders.trust_tree()
    verified = builders.make_user(email="new.starter@nhs.net")
    staff_import(data=ESR.encode(), filename="esr.csv", actor=staff_admin, dry_run=False)
    assert StaffProfile.objects.get(employee_number="200001").user == verified


def test_the_link_needs_the_accounts_password_and_signs_in(client, sent):
    user = builders.make_user(email="ama@nhs.net", verified=False)
    url = reverse("accounts:verify", args=[tokens.verification_token(user)])
    page = client.get(url)
    assert page.status_code == 200 and "Confirm your e-mail address" in page.content.decode()
    wrong = client.post(url, {"password": "not-the-password"})
    assert wrong.status_code == 400
    assert "the password you chose" in wrong.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None
    with sent():
        right = client.post(url, {"password": builders.PASSWORD})
    assert right.status_code == 302 and right["Location"] == reverse("courses:my_training")
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert client.get(reverse("courses:my_training")).status_code == 200


@pytest.mark.parametrize("damage", ["tamper", "expired", "address_changed", "garbage"])
def test_a_bad_link_is_refused_with_a_way_forward(client, settings, damage):
    user = builders.make_user(email="ama@nhs.net", verified=False)
    token = tokens.verification_token(user)
    if damage == "tamper":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif damage == "expired":
        settings.BRIDGE_EMAIL_VERIFY_SECONDS = -1
    elif damage == "address_changed":
        User.objects.filter(pk=user.pk).update(email="other@nhs.net")
    else:
        token = "x" * 300
    response = client.post(
        reverse("accounts:verify", args=[token]), {"password": builders.PASSWORD}
    )
    assert response.status_code == 400
    assert "This link has expired or is not complete" in response.content.decode()
    assert User.objects.get(pk=user.pk).email_verified_at is None


def test_signing_in_unverified_sends_a_new_link_at_most_once_a_minute(client, sent, mailoutbox):
    builders.make_user(email="ama@nhs.net", verified=False)
    for _ in range(3):
        with sent():
            response = sign_in(client, "ama@nhs.net", builders.PASSWORD)
        assert response.status_code == 400
        assert "We have sent a link to ama@nhs.net" in response.content.decode()
    assert len(mailoutbox) == 1
    assert reverse("accounts:verify", args=["x"]).rsplit("x", 1)[0] in mailoutbox[0].body


def same_page(response, email) -> tuple[int, str]:
    """A page with the address and the per-request CSRF token taken out."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return response.status_code, html.replace(email, "@")


def test_no_page_says_whether_an_address_has_an_account(client, sent, mailoutbox):
    builders.make_user(email="known@nhs.net", verified=False)
    builders.make_user(email="confirmed@nhs.net")
    pages = {}
    for email in ("known@nhs.net", "confirmed@nhs.net", "nobody@nhs.net"):
        with sent():
            reset = client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)
            resend = client.post(reverse("accounts:verify_resend"), {"email": email}, follow=True)
            wrong = sign_in(client, email, "wrong-password-123")
        pages[email] = [same_page(page, email) for page in (reset, resend, wrong)]
    assert pages["known@nhs.net"] == pages["confirmed@nhs.net"] == pages["nobody@nhs.net"]
    # Mail goes only to addresses with accounts: two resets, one resend (the unconfirmed one).
    assert sorted(m.to[0] for m in mailoutbox) == [
        "confirmed@nhs.net",
        "known@nhs.net",
        "known@nhs.net",
    ]


def test_password_reset_pages_are_the_services_own(client, sent, mailoutbox):
    builders.make_user(email="ama@nhs.net")
    form = client.get(reverse("accounts:password_reset"))
    assert form.status_code == 200 and "nhsuk-button" in form.content.decode()
    with sent():
        client.post(reverse("accounts:password_reset"), {"email": "AMA@nhs.net"})
    url = link_in(mailoutbox[0])
    confirm = client.get(url, follow=True)
    post_to = confirm.redirect_chain[-1][0]
    weak = client.post(post_to, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    done = client.post(
        post_to,
        {"new_password1": "fresh-hedge-sparrow-9", "new_password2": "fresh-hedge-sparrow-9"},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert "Your password is changed" in client.get(done["Location"]).content.decode()
    # The link works once.
    client.logout()
    reused = client.get(url, follow=True)
    assert "This link has expired" in reused.content.decode()


def test_the_admin_sign_in_refuses_an_unconfirmed_address_too(client, sent):
    builders.make_user(email="trainer.new@nhs.net", verified=False, is_staff=True)
    with sent():
        response = client.post(
            reverse("wagtailadmin_login"),
            {"username": "trainer.new@nhs.net", "password": builders.PASSWORD},
        )
    assert response.status_code == 200
    assert "Confirm your e-mail address" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_registration_is_self_declared_until_confirmed(client, staff_admin):
    units = builders.trust_tree()
    learner = builders.make_user(registration_body="nmc", registration_number="12A3456E")
    builders.staff(units["aspen"], user=learner, nmc_pin="12A3456E")
    assert (
        learner.registration_label()
        == "Nursing and Midwifery Council (NMC) 12A3456E (self-declared)"
    )

    client.force_login(staff_admin)
    listing = client.get(reverse("organisation_admin:registrations"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "12A3456E" in html and "matches" in html
    profile = StaffProfile.objects.get(user=learner)
    confirmed = client.post(reverse("organisation_admin:registration_confirm", args=[profile.pk]))
    assert confirmed.status_code == 302
    learner.refresh_from_db()
    assert learner.registration_confirmed_by == staff_admin
    assert learner.registration_label() == "Nursing and Midwifery Council (NMC) 12A3456E"
    assert (
        "There are no registration numbers to confirm"
        in client.get(reverse("organisation_admin:registrations")).content.decode()
    )
    assert (
        "Confirmed by"
        in client.get(reverse("organisation_admin:registrations") + "?show=all").content.decode()
    )
    assert AuditEvent.objects.filter(action="account.registration_confirmed").count() == 1


def test_an_ld_manager_confirms_only_in_their_units(client):
    from django.contrib.auth.models import Group

    from accounts.roles import LD_MANAGERS, roles_setup
    from organisation.models import ManagerScope

    roles_setup(content_root=builders.home_page())
    units = builders.trust_tree()
    ld = builders.make_user(is_staff=True)
    ld.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=ld, unit=units["aspen"])
    insider = builders.make_user(registration_body="nmc", registration_number="11A1111A")
    builders.staff(units["aspen"], user=insider)
    outsider = builders.make_user(registration_body="nmc", registration_number="99Z9999Z")
    profile = builders.staff(units["maple"], user=outsider)
    client.force_login(ld)
    html = client.get(reverse("organisation_admin:registrations")).content.decode()
    assert "11A1111A" in html and "99Z9999Z" not in html
    response = client.post(reverse("organisation_admin:registration_confirm", args=[profile.pk]))
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.registration_confirmed_at is None
    learner_client = Client()
    learner_client.force_login(insider)
    assert learner_client.get(reverse("organisation_admin:registrations")).status_code in (302, 403)


def test_a_certificate_says_self_declared_unless_confirmed():
    from certificates.services import certificate_issue
    from courses.models import CourseCompletion

    course = builders.make_course(modules=1)["course"]
    people = {
        "declared": builders.make_user(registration_body="nmc", registration_number="11A1111A"),
        "confirmed": builders.make_user(
            registration_body="nmc",
            registration_number="22B2222B",
            registration_confirmed_at=timezone.now() - timedelta(days=1),
        ),
    }
    issued = {}
    for key, user in people.items():
        completion = CourseCompletion.objects.create(
            user=user, course=course, completed_at=timezone.now()
        )
        issued[key] = certificate_issue(completion=completion).registration
    assert issued["declared"].endswith("11A1111A (self-declared)")
    assert issued["confirmed"].endswith("22B2222B")
    assert "self-declared" not in issued["confirmed"]


def test_an_operator_made_account_needs_no_link():
    user, created = services.user_ensure(
        email="demo.person@nhs.net", password="x" * 12, first_name="D", last_name="P"
    )
    assert created and user.email_verified_at is not None


def test_signing_in_just_after_registering_sends_no_second_link(client, sent, mailoutbox):
    with sent():
        client.post(reverse("accounts:register"), {**SQUATTER, "email": "fresh@nhs.net"})
        sign_in(client, "fresh@nhs.net", SQUATTER["password1"])
    assert len(mailoutbox) == 1
