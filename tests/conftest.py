import pytest
from django.core.cache import cache

from . import builders


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, and so with nothing remembered of what is published
    (core.published): a rolled-back test leaves no route or page behind."""
    from core import published

    cache.clear()
    published.forget()
    yield
    cache.clear()
    published.forget()


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch):
    """Hold the rate limits' clock mid-window, so no test's requests straddle two fixed windows
    (a count that resets half-way would make a limit test pass or fail by the time of day)."""
    import core.ratelimit

    monkeypatch.setattr(core.ratelimit, "_clock", lambda: 1_800_000_030.0)


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
def issued_certificate(learner, course):
    """The learner's certificate for a completion of the course, issued (not yet rendered)."""
    from django.utils import timezone

    from certificates import services as certificate_services
    from courses.models import CourseCompletion

    completion = CourseCompletion.objects.create(
        user=learner,
        course=course["course"],
        completed_at=timezone.now(),
        course_revision_id=course["course"].live_revision_id,
    )
    return certificate_services.certificate_issue(completion=completion)


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
