"""The compliance dashboard: hand-computed numbers, every scope rule, exports, query counts."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.roles import LD_MANAGERS, TRAINERS, roles_setup
from courses.models import CourseCompletion, Enrolment
from organisation.models import ManagerScope
from tests import builders
from tracking import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff_admin):
    """Aspen: 2 done, 1 overdue. Birch: 1 in progress (due later), 1 expired. Maple: 1 due soon."""
    roles_setup(content_root=builders.home_page())
    units = builders.trust_tree()
    course = builders.make_course(modules=1, renewal_months=36)["course"]
    nurse, hca = (
        builders.job_role("Staff Nurse"),
        builders.job_role("Healthcare Assistant", "Support to Clinical"),
    )
    services.assignment_create(
        actor=staff_admin,
        course=course,
        unit=units["trust"],
        due_within_days=60,
        due_from="joining",
    )
    now = timezone.now()
    people = {}

    def person(key, unit, role, joined, completed_days_ago=None, started=False):
        user = builders.make_user(first_name=key.title(), last_name="Tester")
        people[key] = builders.staff(
            units[unit],
            role=role,
            user=user,
            joined_days_ago=joined,
            first_name=key.title(),
            last_name="Tester",
        )
        if started:
            Enrolment.objects.create(user=user, course=course)
        if completed_days_ago is not None:
            CourseCompletion.objects.create(
                user=user,
                course=course,
                completed_at=now - datetime.timedelta(days=completed_days_ago),
            )

    person("ann", "aspen", nurse, 400, completed_days_ago=10)
    person("bob", "aspen", hca, 400, completed_days_ago=100)
    person("cat", "aspen", nurse, 400)  # overdue
    person("dan", "birch", nurse, 5, started=True)  # in progress (due in 55 days)
    person("eve", "birch", hca, 2000, completed_days_ago=3 * 365 + 10)  # expired
    person("fay", "maple", nurse, 45)  # due soon (due in 15 days)
    return {"units": units, "course": course, "people": people, "nurse": nurse}


def ld_client(client, units, scope_unit):
    manager = builders.make_user(is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=manager, unit=units[scope_unit])
    client.force_login(manager)
    return manager


def test_whole_trust_numbers_match_a_hand_count(client, staff_admin, world):
    client.force_login(staff_admin)
    html = client.get(reverse("tracking_admin:dashboard")).content.decode()
    assert "33% compliant: 2 of 6 assignments complete and in date." in html
    response = client.get(reverse("tracking_admin:dashboard"), {"unit": world["units"]["adult"].pk})
    html = response.content.decode()
    assert "40% compliant: 2 of 5" in html  # Aspen (3) + Birch (2)
    assert (
        "Aspen Ward" in html
        and "Birch Ward" in html
        and "Maple Ward" not in html.split("By role")[0]
    )


def test_drill_down_to_a_team_lists_people(client, staff_admin, world):
    client.force_login(staff_admin)
    html = client.get(
        reverse("tracking_admin:dashboard"), {"unit": world["units"]["aspen"].pk}
    ).content.decode()
    for name in ("Ann Tester", "Bob Tester", "Cat Tester"):
        assert name in html
    assert "Overdue" in html and "Dan Tester" not in html


def test_filters_by_status_and_role(client, staff_admin, world):
    client.force_login(staff_admin)
    html = client.get(reverse("tracking_admin:dashboard"), {"status": "overdue"}).content.decode()
    assert "0% compliant: 0 of 1" in html
    html = client.get(
        reverse("tracking_admin:dashboard"), {"role": world["nurse"].pk}
    ).content.decode()
    assert "25% compliant: 1 of 4" in html


def test_ld_manager_sees_only_their_units(client, world):
    ld_client(client, world["units"], "older")
    html = client.get(reverse("tracking_admin:dashboard")).content.decode()
    assert "0% compliant: 0 of 1" in html  # only Fay, in Maple Ward
    response = client.get(reverse("tracking_admin:dashboard"), {"unit": world["units"]["aspen"].pk})
    assert response.status_code == 404
    rows = export_rows(client, "csv", {})
    assert [r[1] for r in rows[1:]] == ["Fay Tester"]


def test_trainers_and_learners_are_refused(client, world):
    trainer = builders.make_user(is_staff=True)
    trainer.groups.add(Group.objects.get(name=TRAINERS))
    client.force_login(trainer)
    assert client.get(reverse("tracking_admin:dashboard")).status_code in (302, 403)
    client.force_login(world["people"]["ann"].user)
    assert client.get(reverse("tracking_admin:dashboard")).status_code == 302
    assert client.get(reverse("tracking_admin:export", args=["csv"])).status_code == 302


def test_line_manager_sees_their_own_team_only(client, world):
    boss_user = builders.make_user(first_name="Boss")
    boss = builders.staff(world["units"]["aspen"], user=boss_user)
    cat = world["people"]["cat"]
    cat.line_manager = boss
    cat.save()
    client.force_login(boss_user)
    html = client.get(reverse("tracking:my_team")).content.decode()
    assert "Cat Tester" in html and "Ann Tester" not in html
    client.force_login(world["people"]["ann"].user)
    assert client.get(reverse("tracking:my_team")).status_code == 404


def export_rows(client, fmt, params):
    response = client.get(reverse("tracking_admin:export", args=[fmt]), params)
    assert response.status_code == 200
    if fmt == "csv":
        return list(
            csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
        )
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content)), read_only=True
    )
    return [
        [("" if c is None else str(c)) for c in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_hold_the_rows_and_neutralise_formulas(client, staff_admin, world, fmt):
    ann = world["people"]["ann"]
    ann.first_name = "=cmd|' /C calc'!A0"
    ann.save()
    world["people"]["bob"].last_name = "+SUM(1)"
    world["people"]["bob"].save()
    client.force_login(staff_admin)
    rows = export_rows(client, fmt, {"unit": world["units"]["aspen"].pk})
    assert rows[0][:2] == ["Employee number", "Name"]
    assert len(rows) == 4
    names = {r[1] for r in rows[1:]}
    assert "'=cmd|' /C calc'!A0 Tester" in names
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows[1:] for value in row)
    assert {r[6] for r in rows[1:]} == {"Completed", "Overdue"}
    assert AuditEvent.objects.filter(action="compliance.export", actor=staff_admin).exists()


def count_dashboard_queries(client):
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("tracking_admin:dashboard")).status_code == 200
    return len(context.captured_queries)


def test_query_count_is_the_same_at_10_and_1000_staff(client, staff_admin):
    roles_setup(content_root=builders.home_page())
    units = builders.trust_tree()
    course = builders.make_course(modules=1)["course"]
    services.assignment_create(
        actor=staff_admin, course=course, unit=units["trust"], due_within_days=30
    )
    role = builders.job_role()
    from organisation.models import StaffProfile

    def add(n, offset):
        teams = [units["aspen"], units["birch"], units["maple"]]
        StaffProfile.objects.bulk_create(
            StaffProfile(
                employee_number=f"Q{offset + i:06d}",
                first_name="Q",
                last_name=str(i),
                email=f"q{offset + i}@nhs.net",
                role=role,
                unit=teams[i % 3],
                joined_on=datetime.date(2026, 1, 1),
            )
            for i in range(n)
        )
        services.compliance_refresh()  # bulk_create skips the receivers

    add(10, 0)
    client.force_login(staff_admin)
    count_dashboard_queries(client)  # warm caches (site root, content types)
    small = count_dashboard_queries(client)
    add(990, 10)
    large = count_dashboard_queries(client)
    print(f"dashboard queries: {small} at 10 staff, {large} at 1000 staff")
    assert small == large
    assert (
        "0% compliant: 0 of 1000"
        in client.get(reverse("tracking_admin:dashboard")).content.decode()
    )


def test_assignment_create_and_remove_are_audited(client, staff_admin, world):
    client.force_login(staff_admin)
    response = client.post(
        reverse("tracking_admin:assignments"),
        {
            "course": world["course"].pk,
            "person": world["people"]["fay"].pk,
            "due_date": "2027-01-31",
            "due_from": "assignment",
            "include_subunits": "on",
        },
    )
    assert response.status_code == 302
    assignment = world["course"].assignments.get(person=world["people"]["fay"])
    client.post(reverse("tracking_admin:assignment_remove", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert not assignment.active
    actions = set(AuditEvent.objects.filter(actor=staff_admin).values_list("action", flat=True))
    assert {"assignment.create", "assignment.remove"} <= actions


def test_an_assignment_with_no_target_is_refused(client, staff_admin, world):
    client.force_login(staff_admin)
    response = client.post(
        reverse("tracking_admin:assignments"),
        {"course": world["course"].pk, "due_within_days": "30", "due_from": "assignment"},
    )
    assert response.status_code == 400
    assert "Choose a unit, a role or a person." in response.content.decode()


def test_learner_sees_assigned_courses_at_the_top_of_my_training(client, world):
    client.force_login(world["people"]["cat"].user)
    html = client.get(reverse("courses:my_training")).content.decode()
    assert "Assigned to you" in html and "Overdue" in html
    assert html.index("Assigned to you") < html.index("Your courses")


def test_ld_manager_cannot_see_or_remove_assignments_outside_their_units(client, world):
    own = services.assignment_create(
        actor=None, course=world["course"], unit=world["units"]["maple"], due_within_days=10
    )
    ld_client(client, world["units"], "adult")
    html = client.get(reverse("tracking_admin:assignments")).content.decode()
    assert "Maple Ward" not in html  # the trust-wide and Maple assignments are outside Adult
    response = client.post(reverse("tracking_admin:assignment_remove", args=[own.pk]))
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.active


def test_a_team_lists_each_person_once_with_their_counts(client, staff_admin, world):
    client.force_login(staff_admin)
    url = reverse("tracking_admin:dashboard")
    html = client.get(url, {"unit": world["units"]["aspen"].pk}).content.decode()
    people = html.split("<h2>People</h2>")[1].split("</table>")[0]
    cat = people.split("Cat Tester")[1].split("</tr>")[0]
    ann = people.split("Ann Tester")[1].split("</tr>")[0]
    # role, assigned, complete and in date, overdue or expired
    assert "<td>Staff Nurse</td><td>1</td><td>0</td><td>1</td>" in cat
    assert "<td>Staff Nurse</td><td>1</td><td>1</td><td>0</td>" in ann
    assert people.count("<tr>") == 4  # header + Ann, Bob, Cat
    # With one course chosen, each person's status on it.
    html = client.get(
        url, {"unit": world["units"]["aspen"].pk, "course": world["course"].pk}
    ).content.decode()
    rows = html.split("<h2>People</h2>")[1].split("</table>")[0]
    assert "<td>Overdue</td>" in rows.split("Cat Tester")[1].split("</tr>")[0]
