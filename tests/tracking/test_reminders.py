import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from courses.models import CourseCompletion
from tests import builders
from tracking import services
from tracking.models import SentReminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(staff_admin):
    units = builders.trust_tree()
    course = builders.make_course(modules=1, renewal_months=36)["course"]
    assignment = services.assignment_create(
        actor=staff_admin,
        course=course,
        unit=units["trust"],
        due_within_days=60,
        due_from="joining",
    )
    boss = builders.staff(units["aspen"], email="boss@nhs.net", first_name="Boss")
    soon = builders.staff(units["aspen"], joined_days_ago=45, manager=boss, first_name="Soon")
    late = builders.staff(units["aspen"], joined_days_ago=400, manager=boss, first_name="Late")
    renew_user = builders.make_user()
    renew = builders.staff(units["birch"], user=renew_user, first_name="Renew")
    CourseCompletion.objects.create(
        user=renew_user,
        course=course,
        completed_at=timezone.now() - datetime.timedelta(days=3 * 365 - 20),
    )
    return {
        "course": course,
        "assignment": assignment,
        "soon": soon,
        "late": late,
        "renew": renew,
        "boss": boss,
    }


def kinds():
    return sorted(SentReminder.objects.values_list("kind", "profile__first_name"))


def test_each_kind_is_sent_once_per_period(setup):
    sent = services.reminders_send()
    assert ("due_soon", "Soon") in kinds() and ("overdue", "Late") in kinds()
    assert ("expiring", "Renew") in kinds() and ("digest", "Boss") in kinds()
    assert sent["digest"] == 1
    first_count = len(mail.outbox)
    assert services.reminders_send() == {}  # a rerun the same day sends nothing
    assert len(mail.outbox) == first_count
    overdue = next(m for m in mail.outbox if "overdue" in m.subject.lower())
    assert setup["course"].url in overdue.body and overdue.alternatives[0][1] == "text/html"
    digest = next(m for m in mail.outbox if "team" in m.subject)
    assert "Late" in digest.body and "Soon" in digest.body and digest.to == ["boss@nhs.net"]


def test_overdue_repeats_weekly_and_stops_on_completion(setup):
    today = timezone.localdate()
    services.reminders_send(today=today)
    services.reminders_send(today=today + datetime.timedelta(days=7))
    assert SentReminder.objects.filter(kind="overdue", profile=setup["late"]).count() == 2
    user = builders.make_user(email=setup["late"].email)
    CourseCompletion.objects.create(user=user, course=setup["course"], completed_at=timezone.now())
    services.reminders_send(today=today + datetime.timedelta(days=14))
    assert SentReminder.objects.filter(kind="overdue", profile=setup["late"]).count() == 2


def test_removing_the_assignment_stops_reminders(setup, staff_admin):
    services.assignment_remove(actor=staff_admin, assignment=setup["assignment"])
    assert services.reminders_send() == {}
    assert not mail.outbox


def test_the_command_reports_what_it_sent(setup, capsys):
    call_command("send_reminders")
    assert "Sent" in capsys.readouterr().out
    assert SentReminder.objects.exists()
