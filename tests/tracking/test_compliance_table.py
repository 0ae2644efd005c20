"""The compliance table: always what the live rules say, whichever way the data changed."""

import datetime
import io
import itertools

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import LD_MANAGERS, roles_setup
from courses import services as course_services
from courses.models import CourseCompletion, Enrolment
from organisation.models import ManagerScope, StaffProfile
from quizzes import services as quiz_services
from tests import builders
from tracking import selectors, services
from tracking import status as st
from tracking.models import ComplianceRecord

pytestmark = pytest.mark.django_db


def table():
    """The table as {(profile, course): (status, due, completed, expires)} for today."""
    today = timezone.localdate()
    return {
        (r.profile_id, r.course_id): (r.state, r.due, r.completed_on, r.expires_on)
        for r in ComplianceRecord.objects.annotate(state=selectors.status_expression(today))
    }


def live():
    rows = selectors.compliance_rows(
        profiles=StaffProfile.objects.filter(status=StaffProfile.Status.ACTIVE)
    )
    return {
        (r.profile.pk, r.course.pk): (r.status, r.due, r.completed_on, r.expires_on) for r in rows
    }


@pytest.fixture
def trust(staff_admin):
    roles_setup(content_root=builders.home_page())
    units = builders.trust_tree()
    made = builders.make_course(modules=1, renewal_months=12)
    return {
        "units": units,
        "course": made["course"],
        "other": builders.make_course(modules=1)["course"],
        "nurse": builders.job_role("Staff Nurse"),
        "hca": builders.job_role("Healthcare Assistant", "Support to Clinical"),
        "admin": staff_admin,
    }


def assign_everyone(trust, course=None):
    """The trust assigns a course (its first by default) to everyone, due within 9 days."""
    return services.assignment_create(
        actor=trust["admin"],
        course=course or trust["course"],
        unit=trust["units"]["trust"],
        due_within_days=9,
    )


def test_every_kind_of_change_keeps_the_table_equal_to_the_live_rules(trust):
    units, course, other = trust["units"], trust["course"], trust["other"]
    ann_user = builders.make_user(first_name="Ann")
    ann = builders.staff(units["aspen"], role=trust["nurse"], user=ann_user)
    bob = builders.staff(units["birch"], role=trust["hca"], joined_days_ago=10)
    assert table() == live() == {}

    services.assignment_create(
        actor=trust["admin"], course=course, unit=units["adult"], due_within_days=30
    )
    assert len(table()) == 2 and table() == live()
    nurses_only = services.assignment_create(
        actor=trust["admin"],
        course=other,
        role=trust["nurse"],
        due_within_days=14,
        due_from="joining",
    )
    assert len(table()) == 3 and table() == live()

    # A new starter, then a person who moves team and role.
    cat = builders.staff(units["maple"], role=trust["nurse"])
    assert (cat.pk, other.pk) in table() and (cat.pk, course.pk) not in table()
    bob.role = trust["nurse"]
    bob.save()
    assert (bob.pk, other.pk) in table() and table() == live()

    # The learner enrols, then completes (the real path, with the certificate on commit).
    Enrolment.objects.create(user=ann_user, course=course)
    assert table()[(ann.pk, course.pk)][0] in (st.IN_PROGRESS, st.DUE_SOON)
    CourseCompletion.objects.create(user=ann_user, course=course, completed_at=timezone.now())
    assert table()[(ann.pk, course.pk)][0] == st.COMPLETED
    assert table()[(ann.pk, course.pk)][3] == st.expiry(timezone.localdate(), 12)

    # An unlinked record (ESR first, account later) is matched by e-mail.
    dee = builders.staff(units["aspen"], role=trust["hca"], email="dee@nhs.net")
    dee_user = builders.make_user(email="dee@nhs.net")
    CourseCompletion.objects.create(user=dee_user, course=course, completed_at=timezone.now())
    assert table()[(dee.pk, course.pk)][0] == st.COMPLETED

    # A leaver drops out; an assignment removed takes its records with it.
    cat.status = StaffProfile.Status.LEFT
    cat.save()
    assert not any(key[0] == cat.pk for key in table())
    services.assignment_remove(actor=trust["admin"], assignment=nurses_only)
    assert not any(key[1] == other.pk for key in table())
    assert table() == live()


def test_a_rolled_back_change_leaves_no_trace(trust):
    assign_everyone(trust)
    user = builders.make_user()
    person = builders.staff(trust["units"]["aspen"], role=trust["nurse"], user=user)
    before = table()
    with pytest.raises(RuntimeError), transaction.atomic():
        CourseCompletion.objects.create(
            user=user, course=trust["course"], completed_at=timezone.now()
        )
        assert table()[(person.pk, trust["course"].pk)][0] == st.COMPLETED
        raise RuntimeError("the request failed after the write")
    assert table() == before


def test_the_nightly_rebuild_repairs_changes_made_behind_the_orms_back(trust):
    assign_everyone(trust)
    person = builders.staff(trust["units"]["aspen"], role=trust["nurse"])
    StaffProfile.objects.filter(pk=person.pk).update(role=trust["hca"])  # no receiver fires
    ComplianceRecord.objects.filter(profile=person).update(due=datetime.date(2001, 1, 1))
    assert table() != live()
    from django.core.management import call_command

    out = io.StringIO()
    call_command("compliance_rebuild", stdout=out)
    assert out.getvalue().strip() == "1 compliance records."
    assert table() == live()
    assert services.compliance_refresh() == services.compliance_refresh() == 1  # idempotent


def test_republishing_a_course_with_a_new_renewal_period_moves_the_expiry(trust):
    course = trust["course"]
    assign_everyone(trust, course)
    user = builders.make_user()
    person = builders.staff(trust["units"]["aspen"], role=trust["nurse"], user=user)
    CourseCompletion.objects.create(
        user=user, course=course, completed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert table()[(person.pk, course.pk)][0] == st.EXPIRED  # 12 months
    course.renewal_months = 36
    course.save_revision().publish()
    assert table()[(person.pk, course.pk)][0] == st.COMPLETED


TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)
DATES = [None, TODAY - 40 * DAY, TODAY - DAY, TODAY, TODAY + DAY, TODAY + 30 * DAY]
DATES += [TODAY + 31 * DAY, TODAY + 60 * DAY, TODAY + 61 * DAY]


def test_the_sql_status_agrees_with_the_python_rules_on_every_boundary(trust):
    """Every combination of due, completed, expiry and started around the thresholds."""
    profile = builders.staff(trust["units"]["aspen"], role=trust["nurse"])
    courses = [trust["course"], trust["other"]]
    cases = [
        (due, done, expires, started)
        for due, done, expires, started in itertools.product(
            [d for d in DATES if d], [None, TODAY - DAY], DATES, [False, True]
        )
        if done or expires is None
    ]
    for due, done, expires, started in cases:
        ComplianceRecord.objects.all().delete()
        ComplianceRecord.objects.create(
            profile=profile,
            course=courses[0],
            due=due,
            completed_on=done,
            expires_on=expires,
            started=started,
        )
        sql = (
            ComplianceRecord.objects.annotate(state=selectors.status_expression(TODAY)).get().state
        )
        python = st.status_for(
            today=TODAY, due=due, completed_on=done, expires_on=expires, started=started
        )
        assert sql == python, (due, done, expires, started)
    assert len(cases) > 100


def test_the_person_page_shows_one_persons_record_in_scope_only(client, trust):
    units = trust["units"]
    assign_everyone(trust)
    inside = builders.staff(units["maple"], role=trust["nurse"], first_name="Iris")
    outside = builders.staff(units["aspen"], role=trust["nurse"], first_name="Otto")
    manager = builders.make_user(is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=manager, unit=units["older"])
    client.force_login(manager)
    response = client.get(reverse("tracking_admin:person", args=[inside.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iris" in html and trust["course"].title in html and "Due soon" in html
    assert client.get(reverse("tracking_admin:person", args=[outside.pk])).status_code == 404
    assert client.get(reverse("tracking_admin:person", args=[999999])).status_code == 404


def test_the_completing_learner_path_updates_the_dashboard(
    client, trust, django_capture_on_commit_callbacks
):
    """Through the real services, not the ORM: a module completed completes the course."""
    made = builders.make_course(modules=1)
    course, module, quiz = made["course"], made["modules"][0], made["quizzes"][0]
    assign_everyone(trust, course)
    user = builders.make_user()
    person = builders.staff(trust["units"]["aspen"], role=trust["nurse"], user=user)
    assert table()[(person.pk, course.pk)][0] == st.DUE_SOON
    with django_capture_on_commit_callbacks(execute=True):
        course_services.enrolment_ensure(user=user, course=course)
        course_services.transcript_confirm(user=user, module=module)
        attempt = quiz_services.attempt_start(user=user, quiz=quiz, context_id=module.pk)
        course_services.module_quiz_submit(
            user=user,
            module=module,
            attempt=attempt,
            answers={q.pk: builders.right_raw(q) for q in attempt.questions()},
        )
    assert table()[(person.pk, course.pk)][0] == st.COMPLETED


ESR = (
    "Employee Number,First Name,Last Name,Email,Position Title,Organisation,Staff Group,"
    "Assignment Status\n"
    "200001,Ama,Mensah,ama.m@nhs.net,Staff Nurse,Aspen Ward,Registered Nursing,Active Assignment\n"
    "200002,Ben,Hughes,ben.h@nhs.net,Staff Nurse,Birch Ward,Registered Nursing,Active Assignment\n"
    "200003,Cy,Leaver,cy.l@nhs.net,Staff Nurse,Maple Ward,Registered Nursing,Terminate Assignment\n"
)


def test_an_esr_import_refreshes_the_table_once_for_the_whole_file(trust):
    from organisation.services import staff_import
    from organisation.signals import staff_batch

    assign_everyone(trust)
    # Inside a batch, saving a profile leaves the table alone until the batch ends.
    with staff_batch() as touched:
        person = builders.staff(trust["units"]["aspen"], role=trust["nurse"])
        touched.add(person.pk)
        assert not ComplianceRecord.objects.filter(profile=person).exists()
    assert ComplianceRecord.objects.filter(profile=person).count() == 1

    report = staff_import(
        data=ESR.encode(), filename="esr.csv", actor=trust["admin"], dry_run=False
    )
    assert report.committed
    imported = {
        r.profile.employee_number for r in ComplianceRecord.objects.select_related("profile")
    }
    assert {"200001", "200002"} <= imported and "200003" not in imported  # the leaver has none
    assert table() == live()
