import pytest
from django.core.cache import cache

from . import builders


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def learner(db):
    return builders.make_user(
        first_name="Siân",
        last_name="O'Connor-Ñúñez",
        registration_body="nmc",
        registration_number="12A3456E",
    )


@pytest.fixture
def other_learner(db):
    return builders.make_user()


@pytest.fixture
def staff_admin(db):
    return builders.make_user(is_staff=True, is_superuser=True, email="admin@nhs.net")


@pytest.fixture
def course(db):
    return builders.make_course()


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
