"""Bridge's snippet choosers ask for a permission: the trust's staff are not listed to trainers."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import LD_MANAGERS, TRAINERS, roles_setup
from tests import builders

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/snippets/choose/organisation/staffprofile/"


@pytest.fixture
def people(client):
    roles_setup(content_root=builders.home_page())
    units = builders.trust_tree()
    builders.staff(units["aspen"], first_name="Okonkwo", last_name="Prendergast")
    trainer = builders.make_user(is_staff=True)
    trainer.groups.add(Group.objects.get(name=TRAINERS))
    manager = builders.make_user(is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    return trainer, manager


def test_a_trainer_cannot_list_staff_through_the_chooser(client, people):
    trainer, _manager = people
    client.force_login(trainer)
    for path in (CHOOSER, CHOOSER + "results/?q=Prendergast"):
        response = client.get(path)
        assert response.status_code in (302, 403), path
        assert b"Prendergast" not in response.content


def test_an_ld_manager_can_choose_staff_and_their_units(client, people):
    _trainer, manager = people
    client.force_login(manager)
    response = client.get(CHOOSER + "results/?q=Prendergast")
    assert response.status_code == 200
    assert b"Prendergast" in response.content
    assert client.get("/admin/snippets/choose/organisation/orgunit/").status_code == 200
