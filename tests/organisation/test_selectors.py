"""The one L&D scope rule: the subtrees of a manager's units, everything for a superuser."""

import pytest

from organisation.models import ManagerScope, StaffProfile, in_subtrees_q
from organisation.selectors import looks_after, managed_unit_paths
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust():
    units = builders.trust_tree()
    people = {name: builders.staff(units[name], user=builders.make_user()) for name in units}
    return units, people


def test_a_manager_sees_their_units_and_everything_beneath(trust):
    units, people = trust
    manager = builders.make_user()
    ManagerScope.objects.create(user=manager, unit=units["adult"])
    paths = managed_unit_paths(manager)
    assert paths == [units["adult"].path]
    seen = set(StaffProfile.objects.in_subtrees(paths))
    assert seen == {people["adult"], people["aspen"], people["birch"]}
    assert looks_after(manager, people["birch"].user_id)
    assert not looks_after(manager, people["maple"].user_id)
    assert not looks_after(manager, people["trust"].user_id)  # above their unit


def test_a_unit_whose_path_begins_like_another_is_not_in_its_subtree(trust):
    units, people = trust
    # Materialised paths are fixed-width steps, so a sibling never shares a parent's prefix.
    assert not units["older"].path.startswith(units["adult"].path)
    assert not StaffProfile.objects.filter(in_subtrees_q([units["adult"].path])).filter(
        pk=people["older"].pk
    )


def test_no_scope_is_nothing_and_a_superuser_is_everything(trust):
    _units, people = trust
    nobody = builders.make_user()
    assert managed_unit_paths(nobody) == []
    assert not StaffProfile.objects.in_subtrees([]).exists()
    admin = builders.make_user(is_superuser=True)
    assert managed_unit_paths(admin) is None
    assert StaffProfile.objects.in_subtrees(None).count() == len(people)
    assert looks_after(admin, people["maple"].user_id)
