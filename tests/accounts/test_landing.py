"""Links go somewhere: each role lands where its work is, and the footer offers My team only to
someone who manages a team."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import LD_MANAGERS, TRAINERS, roles_setup
from tests import builders

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough password 2026"


@pytest.fixture
def roles(db):
    roles_setup(content_root=builders.home_page())


def _user(group=None, **fields):
    user = builders.make_user(**fields)
    user.set_password(PASSWORD)
    user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _sign_in(client, user, next_url=None):
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.email, "password": PASSWORD})


@pytest.mark.parametrize(
    "group,fields,landing",
    [
        (None, {}, "courses:my_training"),
        (TRAINERS, {"is_staff": True}, "wagtailadmin_home"),
        (LD_MANAGERS, {"is_staff": True}, "tracking_admin:dashboard"),
        (None, {"is_staff": True, "is_superuser": True}, "wagtailadmin_home"),
    ],
)
def test_each_role_lands_where_its_work_is(client, roles, group, fields, landing):
    user = _user(group, **fields)
    response = _sign_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)
    assert client.get(response["Location"]).status_code == 200


def test_a_next_link_still_wins(client, roles, course):
    user = _user(TRAINERS, is_staff=True)
    response = _sign_in(client, user, next_url=course["course"].url)
    assert response["Location"] == course["course"].url


def test_the_footer_offers_my_team_only_to_a_line_manager(client, course):
    learner = _user()
    client.force_login(learner)
    home = client.get(reverse("courses:my_training")).content.decode()
    assert reverse("tracking:my_team") not in home
    assert client.get(reverse("tracking:my_team")).status_code == 404

    tree = builders.trust_tree()
    unit = next(iter(tree.values()))
    manager_profile = builders.staff(unit, user=learner)
    builders.staff(unit, manager=manager_profile)
    page = client.get(reverse("courses:my_training")).content.decode()
    assert f'href="{reverse("tracking:my_team")}"' in page
    assert client.get(reverse("tracking:my_team")).status_code == 200


def test_a_trainer_made_without_the_staff_flag_still_lands_in_the_admin(client, roles):
    user = _user(TRAINERS)  # as Wagtail's own user form makes them: no is_staff
    assert _sign_in(client, user)["Location"] == reverse("wagtailadmin_home")
