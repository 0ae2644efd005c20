"""The law in the admin: a trainer records a change through the form; L&D may only read."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import LD_MANAGERS, roles_setup
from law.models import Provision, ProvisionChange, ReviewFlag
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def provision():
    return Provision.objects.create(
        citation="MHA 1983 s130D",
        title="Duty to give information about IMHAs",
        status=Provision.Status.IN_FORCE,
        status_on=datetime.date(2009, 4, 1),
        source_url="https://www.legislation.gov.uk/ukpga/1983/20/section/130D",
    )


@pytest.fixture
def trainer_client(client):
    client.force_login(builders.make_trainer())
    return client


def test_a_trainer_records_a_change_and_the_course_is_flagged(trainer_client, provision):
    course = builders.make_course(modules=1)
    module = course["modules"][0]
    module.provisions.add(provision)
    module.save_revision().publish()
    overview = trainer_client.get(reverse("law_admin:overview"))
    assert overview.status_code == 200
    assert "MHA 1983 s130D" in overview.content.decode()
    url = reverse("law_admin:record_change", args=[provision.pk])
    assert trainer_client.get(url).status_code == 200
    response = trainer_client.post(
        url, {"kind": "amended", "effective_on": "2026-12-01", "note": "The duty is amended."}
    )
    assert response.status_code == 302
    message = trainer_client.get(response["Location"]).content.decode()
    assert "Recorded and applied" in message
    change = ProvisionChange.objects.get()
    assert change.applied_at is not None and change.kind == "amended"
    assert ReviewFlag.objects.filter(course=course["course"], change=change).exists()
    page = trainer_client.get(reverse("law_admin:overview")).content.decode()
    assert "Course: Working with IMHAs" in page
    # The same change again is refused with the reason, and nothing is added.
    again = trainer_client.post(url, {"kind": "amended", "effective_on": "2026-12-01"})
    assert again.status_code == 400
    assert "already recorded" in again.content.decode()
    assert ProvisionChange.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "vanished", "effective_on": "2026-12-01"},
        {"kind": "amended", "effective_on": "31/02/2026"},
    ],
)
def test_a_malformed_change_is_a_400_and_records_nothing(trainer_client, provision, data):
    response = trainer_client.post(reverse("law_admin:record_change", args=[provision.pk]), data)
    assert response.status_code == 400
    assert not ProvisionChange.objects.exists()


def test_a_course_reviewed_after_the_day_is_not_flagged(trainer_client, provision):
    course = builders.make_course(modules=1)  # law as at 1 November 2026
    module = course["modules"][0]
    module.provisions.add(provision)
    module.save_revision().publish()
    trainer_client.post(
        reverse("law_admin:record_change", args=[provision.pk]),
        {"kind": "amended", "effective_on": "2026-10-01"},
    )
    assert ProvisionChange.objects.get().applied_at is not None
    assert not ReviewFlag.objects.exists()


def test_ld_may_read_the_overview_but_not_record_a_change(client, provision):
    roles_setup(content_root=builders.home_page())
    manager = builders.make_user(is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    client.force_login(manager)
    assert client.get(reverse("law_admin:overview")).status_code == 200
    url = reverse("law_admin:record_change", args=[provision.pk])
    response = client.post(url, {"kind": "amended", "effective_on": "2026-12-01"})
    assert response.status_code in (302, 403)
    assert not ProvisionChange.objects.exists()


def test_an_unknown_provision_is_404(trainer_client):
    assert trainer_client.get(reverse("law_admin:record_change", args=[999999])).status_code == 404


def test_a_trainer_cites_provisions_on_a_module_in_its_edit_form(trainer_client, provision):
    course = builders.make_course(modules=1, with_film=False)
    module = course["modules"][0]
    url = reverse("wagtailadmin_pages:edit", args=[module.pk])
    form = trainer_client.get(url).content.decode()
    assert "MHA 1983 s130D" in form  # offered as a checkbox
    data = builders.module_form_data(module)
    data["provisions"] = [str(provision.pk)]
    response = trainer_client.post(url, data)
    assert response.status_code == 302
    module.refresh_from_db()
    assert list(module.provisions.all()) == [provision]
    assert provision.modules.filter(pk=module.pk).exists()


def test_a_change_for_a_later_day_says_when_it_applies(trainer_client, provision):
    response = trainer_client.post(
        reverse("law_admin:record_change", args=[provision.pk]),
        {"kind": "repealed", "effective_on": "2031-01-15"},
        follow=True,
    )
    assert "It applies on 15 January 2031" in response.content.decode()
    assert ProvisionChange.objects.get().applied_at is None
