import pytest
from django.urls import reverse

from organisation.models import OrgUnit
from tests import builders

pytestmark = pytest.mark.django_db


def test_units_are_added_under_their_parent_in_the_tree(client, staff_admin):
    client.force_login(staff_admin)
    add = reverse("wagtailsnippets_organisation_orgunit:add")
    assert (
        client.post(add, {"name": "New Trust", "kind": "trust", "esr_name": ""}).status_code == 302
    )
    trust = OrgUnit.objects.get(name="New Trust")
    response = client.post(
        add, {"name": "Cedar Ward", "kind": "team", "esr_name": "123 CEDAR", "parent": trust.pk}
    )
    assert response.status_code == 302
    ward = OrgUnit.objects.get(name="Cedar Ward")
    assert ward.get_parent() == trust and ward.depth == 2
    edit = reverse("wagtailsnippets_organisation_orgunit:edit", args=[ward.pk])
    assert (
        client.post(
            edit, {"name": "Cedar Ward East", "kind": "team", "esr_name": "123 CEDAR"}
        ).status_code
        == 302
    )
    ward.refresh_from_db()
    assert ward.name == "Cedar Ward East" and ward.get_parent() == trust


def test_staff_list_and_edit_for_admins(client, staff_admin):
    units = builders.trust_tree()
    person = builders.staff(units["aspen"])
    client.force_login(staff_admin)
    assert client.get(reverse("wagtailsnippets_organisation_staffprofile:list")).status_code == 200
    assert (
        client.get(
            reverse("wagtailsnippets_organisation_staffprofile:edit", args=[person.pk])
        ).status_code
        == 200
    )
