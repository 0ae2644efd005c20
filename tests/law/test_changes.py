"""A change in the law is an event: recorded once, applied once on its day, and everything it sets
in motion (review flags, the certificate's note, notices) happens once however often it runs."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import LD_MANAGERS, roles_setup
from certificates import services as certificate_services
from certificates.models import Certificate
from courses.models import CourseCompletion, CoursePage
from law import selectors, services
from law.models import LawNotice, Provision, ProvisionChange, ReviewFlag
from organisation.models import ManagerScope, StaffProfile
from tests import builders

pytestmark = pytest.mark.django_db

COMMENCES = datetime.date(2027, 4, 1)


@pytest.fixture
def provision():
    return Provision.objects.create(
        citation="MHA 2025 s40",
        title="Opt-out referral to an IMHA",
        status=Provision.Status.ENACTED,
        status_on=datetime.date(2025, 12, 18),
        source_url="https://www.legislation.gov.uk/ukpga/2025/33/section/40",
    )


@pytest.fixture
def world(learner, provision):
    """A course whose first module and one question cite the provision; the learner holds its
    certificate (law as at 1 November 2026), and an L&D manager looks after the learner's ward."""
    course = builders.make_course(modules=2)
    module = course["modules"][0]
    module.provisions.add(provision)
    module.save_revision().publish()
    question = course["quizzes"][1].quiz_questions.first().question
    question.provisions.add(provision)
    trainer = builders.make_trainer(email="owner@nhs.net")
    course["course"].owner = trainer
    course["course"].save(update_fields=["owner"])
    units = builders.trust_tree()
    builders.staff(units["aspen"], user=learner)
    roles_setup(content_root=builders.home_page())
    manager = builders.make_user(email="ld@nhs.net", is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=manager, unit=units["adult"])
    completion = CourseCompletion.objects.create(
        user=learner,
        course=course["course"],
        completed_at=timezone.now(),
        course_revision_id=course["course"].live_revision_id,
    )
    certificate = certificate_services.certificate_issue(completion=completion)
    return {
        **course,
        "question": question,
        "trainer": trainer,
        "manager": manager,
        "certificate": certificate,
        "units": units,
    }


def record(provision, *, on=COMMENCES, today=None, actor=None):
    return services.provision_change_record(
        provision=provision,
        kind=ProvisionChange.Kind.COMMENCED,
        effective_on=on,
        note="Detained patients are referred unless they decline.",
        actor=actor,
        today=today or on - datetime.timedelta(days=30),
    )


def test_a_certificate_keeps_the_provisions_its_content_cited(world, provision):
    assert list(world["certificate"].provisions.all()) == [provision]


def test_a_later_change_waits_for_its_day_then_runs_once(world, provision, learner):
    mail.outbox.clear()
    change = record(provision)
    assert change.applied_at is None
    day_before = COMMENCES - datetime.timedelta(days=1)
    assert services.law_changes_apply(today=day_before) == {"applied": 0, "emailed": 0}
    assert not ReviewFlag.objects.exists() and not LawNotice.objects.exists()
    assert selectors.law_before([world["certificate"]]) == {}

    result = services.law_changes_apply(today=COMMENCES)
    assert result == {"applied": 1, "emailed": 2}
    provision.refresh_from_db()
    assert (provision.status, provision.status_on) == (Provision.Status.COMMENCED, COMMENCES)
    flags = ReviewFlag.objects.filter(change=change)
    assert {(f.course_id, f.question_id) for f in flags} == {
        (world["course"].pk, None),
        (None, world["question"].pk),
    }
    notices = {n.user_id: n for n in LawNotice.objects.filter(change=change)}
    assert notices[learner.pk].audience == "learner"
    assert notices[learner.pk].course_id == world["course"].pk
    assert notices[world["manager"].pk].audience == "manager"
    assert notices[world["manager"].pk].people == 1
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == sorted(["ld@nhs.net", learner.email, "owner@nhs.net"])
    assert selectors.law_before([world["certificate"]]) == {world["certificate"].pk: COMMENCES}

    # Again, the same day and later: nothing more is flagged, told or sent.
    sent = len(mail.outbox)
    for day in (COMMENCES, COMMENCES + datetime.timedelta(days=1)):
        assert services.law_changes_apply(today=day) == {"applied": 0, "emailed": 0}
    assert len(mail.outbox) == sent
    assert ReviewFlag.objects.count() == 2 and LawNotice.objects.count() == 2


def test_a_change_dated_today_applies_when_recorded(world, provision):
    change = record(provision, today=COMMENCES)
    change.refresh_from_db()
    assert change.applied_at is not None
    assert ReviewFlag.objects.filter(change=change, course=world["course"]).exists()


def test_only_certificates_on_the_law_before_the_day_are_marked(world, provision, learner):
    reviewed = Certificate.objects.filter(pk=world["certificate"].pk)
    reviewed.update(law_as_at=COMMENCES)  # content checked on the day the change took effect
    record(provision, today=COMMENCES)
    certificate = reviewed.get()
    assert selectors.law_before([certificate]) == {}
    assert not LawNotice.objects.filter(user=learner).exists()


def test_a_revoked_certificates_holder_is_not_told(world, provision, learner, staff_admin):
    certificate_services.certificate_revoke(
        certificate=world["certificate"], reason="Issued in error", actor=staff_admin
    )
    record(provision, today=COMMENCES)
    assert not LawNotice.objects.filter(user=learner).exists()


def test_the_same_change_twice_and_a_change_before_the_status_are_refused(provision):
    record(provision)
    with pytest.raises(services.LawError, match="already recorded"):
        record(provision)
    with pytest.raises(services.LawError, match="in the order they happen"):
        record(provision, on=datetime.date(2025, 1, 1))
    assert ProvisionChange.objects.count() == 1


def test_publishing_the_course_with_a_review_on_or_after_the_day_resolves_its_flag(
    world, provision
):
    record(provision, today=COMMENCES)
    course = world["course"]
    course.law_as_at = COMMENCES - datetime.timedelta(days=1)
    course.save_revision().publish()
    assert ReviewFlag.objects.filter(course=course, resolved_at__isnull=True).exists()
    course.law_as_at = COMMENCES
    course.save_revision().publish()
    assert not ReviewFlag.objects.filter(course=course, resolved_at__isnull=True).exists()
    assert ReviewFlag.objects.filter(question=world["question"], resolved_at__isnull=True).exists()


def test_the_verify_page_and_the_cpd_record_say_which_law_it_describes(
    world, provision, learner_client
):
    client = Client()
    certificate = world["certificate"]
    url = reverse("certificates:verify_code", args=[certificate.code])
    assert "Describes the law before" not in client.get(url).content.decode()
    record(provision, today=COMMENCES)
    page = client.get(url).content.decode()
    assert "This certificate is valid" in page
    assert "Describes the law before 1 April 2027" in page
    record_page = learner_client.get(reverse("cpd:record")).content.decode()
    assert "Describes the law before 1 April 2027" in record_page


def test_my_training_shows_the_notice_until_it_is_put_away(world, provision, learner_client):
    record(provision, today=COMMENCES)
    page = learner_client.get(reverse("courses:my_training")).content.decode()
    assert "The law has changed" in page and "MHA 2025 s40" in page
    notice = LawNotice.objects.get(audience="learner")
    # Somebody else cannot put it away for them.
    client = Client()
    client.force_login(builders.make_user())
    assert client.post(reverse("law:notice_dismiss", args=[notice.pk])).status_code == 404
    response = learner_client.post(reverse("law:notice_dismiss", args=[notice.pk]))
    assert response.status_code == 302
    page = learner_client.get(reverse("courses:my_training")).content.decode()
    assert "The law has changed" not in page
    notice.refresh_from_db()
    assert notice.dismissed_at is not None


def test_the_course_page_lists_the_law_it_teaches_and_says_when_under_review(
    world, provision, learner_client
):
    url = world["course"].url
    page = learner_client.get(url).content.decode()
    assert "The law this course teaches" in page
    assert "MHA 2025 s40" in page and "Enacted, not yet commenced" in page
    assert "Under review" not in page
    record(provision, today=COMMENCES)
    page = learner_client.get(url).content.decode()
    assert "Under review" in page and "changed on 1 April 2027" in page
    assert "Commenced" in page


def test_the_command_applies_due_changes_and_refuses_a_bad_date(world, provision, capsys):
    record(provision)
    call_command("law_changes", today=str(COMMENCES - datetime.timedelta(days=1)))
    assert "0 change(s) applied" in capsys.readouterr().out
    call_command("law_changes", today=str(COMMENCES))
    assert "1 change(s) applied" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("law_changes", today="1/4/2027")


def test_the_admin_certificate_list_marks_the_law_it_describes(
    world, provision, staff_admin, client
):
    client.force_login(staff_admin)
    url = reverse("certificates_admin:list")
    assert "Describes the law before" not in client.get(url).content.decode()
    record(provision, today=COMMENCES)
    page = client.get(url).content.decode()
    assert "Describes the law before 1 Apr 2027" in page
    assert reverse("certificates:verify_code", args=[world["certificate"].code]) in page


def test_ld_assign_the_revised_course_to_those_trained_on_the_old_law(world, provision, learner):
    from tracking import selectors as tracking_selectors
    from tracking import status as st
    from tracking.models import Assignment, ComplianceRecord

    change = record(provision, today=COMMENCES)
    outside = builders.make_user()
    builders.staff(world["units"]["maple"], user=outside)  # another directorate: not theirs
    completion = CourseCompletion.objects.create(
        user=outside,
        course=world["course"],
        completed_at=timezone.now(),
        course_revision_id=world["course"].live_revision_id,
    )
    certificate_services.certificate_issue(completion=completion)
    Certificate.objects.filter(user=outside).update(law_as_at=datetime.date(2026, 11, 1))
    manager = world["manager"]
    client = Client()
    client.force_login(manager)
    url = reverse("law_admin:retrain", args=[change.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Working with IMHAs (1)" in page.content.decode()
    due = COMMENCES + datetime.timedelta(days=60)
    response = client.post(url, {"course": world["course"].pk, "due_date": due.isoformat()})
    assert response.status_code == 302
    again = client.post(url, {"course": world["course"].pk, "due_date": due.isoformat()})
    assert again.status_code == 302  # nobody new: nobody assigned twice
    assignment = Assignment.objects.get()
    assert assignment.person.user == learner and assignment.completed_after == COMMENCES
    # Their completion before the day no longer meets it: the course is due again.
    rows = tracking_selectors.compliance_rows(
        profiles=StaffProfile.objects.filter(user=learner), today=COMMENCES
    )
    assert [r.completed_on for r in rows] == [None]
    assert rows[0].status not in st.COMPLIANT
    assert ComplianceRecord.objects.get(profile__user=learner).completed_on is None
    # Completing the revised course from the day on meets it.
    CourseCompletion.objects.create(
        user=learner,
        course=world["course"],
        round=2,
        completed_at=timezone.make_aware(datetime.datetime(2027, 4, 2, 10)),
        course_revision_id=world["course"].live_revision_id,
    )
    rows = tracking_selectors.compliance_rows(
        profiles=StaffProfile.objects.filter(user=learner), today=COMMENCES
    )
    assert [r.completed_on for r in rows] == [datetime.date(2027, 4, 2)]


def test_a_retraining_due_date_in_the_past_is_refused(world, provision):
    change = record(provision, today=COMMENCES)
    client = Client()
    client.force_login(world["manager"])
    response = client.post(
        reverse("law_admin:retrain", args=[change.pk]),
        {"course": world["course"].pk, "due_date": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "after today" in response.content.decode()


def test_a_flagged_course_is_reviewed_by_two_sign_offs_then_published_with_its_new_law(
    world, provision, learner_client
):
    from django.contrib.auth.models import Group
    from wagtail.models import WorkflowState

    from law.models import ReviewSignOff, RevisionTask, SignOffTask

    today = timezone.localdate()
    record(provision, on=today, today=today)
    course = world["course"]
    assert ReviewFlag.objects.filter(course=course, resolved_at__isnull=True).exists()
    state = WorkflowState.objects.active().get(object_id=str(course.pk))
    assert state.workflow.name == services.REVIEW_WORKFLOW
    assert state.requested_by == world["trainer"]  # the course's owner
    legal = builders.make_user(first_name="Ruth", last_name="Adeyemi", is_staff=True)
    legal.groups.add(Group.objects.get(name=services.LEGAL_REVIEWERS))
    lived = builders.make_user(first_name="Sam", last_name="Okafor", is_staff=True)
    lived.groups.add(Group.objects.get(name=services.LIVED_REVIEWERS))
    # First the course team revises it (the course stays open to them), then sends it on.
    revise = state.current_task_state
    assert isinstance(revise.task.specific, RevisionTask)
    assert not revise.task.specific.locked_for_user(course, world["trainer"])
    assert revise.task.specific.get_actions(course, world["trainer"])
    assert not revise.task.specific.get_actions(course, lived)  # a reviewer does not edit
    assert list(revise.task.specific.get_task_states_user_can_moderate(world["trainer"])) == [
        revise
    ]
    assert not revise.task.specific.get_task_states_user_can_moderate(legal).exists()
    # Nobody publishes it directly while it is flagged, not even with publish permission.
    assert not course.permissions_for_user(world["trainer"]).can_publish()
    revise.approve(user=world["trainer"])
    state.refresh_from_db()
    assert not ReviewSignOff.objects.filter(workflow_state=state).exists()
    first = state.current_task_state
    assert first.task.specific.role == SignOffTask.Role.LEGAL
    assert first.task.specific.locked_for_user(course, world["trainer"])
    # Each step is signed by its own group only.
    assert not first.task.specific.get_actions(course, lived)
    assert first.task.specific.get_actions(course, legal)
    first.approve(user=legal)
    state.refresh_from_db()
    assert state.status == "in_progress"
    assert state.current_task_state.task.specific.role == SignOffTask.Role.LIVED
    assert state.current_task_state.task.specific.get_actions(course, lived)
    assert not state.current_task_state.task.specific.get_actions(course, legal)
    state.current_task_state.approve(user=lived)
    state.refresh_from_db()
    assert state.status == "approved"
    signoffs = list(ReviewSignOff.objects.filter(workflow_state=state))
    assert [(s.role, s.reviewer_name) for s in signoffs] == [
        ("legal", "Ruth Adeyemi"),
        ("lived", "Sam Okafor"),
    ]
    assert all(s.revision_id for s in signoffs)
    course.refresh_from_db()
    assert course.law_as_at == today  # from the legal sign-off
    assert course.live_revision_id == course.latest_revision_id
    # Published as reviewed on the day of the change, so its flag is done.
    assert not ReviewFlag.objects.filter(course=course, resolved_at__isnull=True).exists()
    page = learner_client.get(course.url).content.decode()
    assert "Reviewed by" in page
    assert "Ruth Adeyemi, clinical or legal reviewer" in page
    assert "Sam Okafor, lived-experience or advocacy reviewer" in page
    # Reviewed: its editors publish it again as before.
    assert CoursePage.objects.get(pk=course.pk).permissions_for_user(world["trainer"]).can_publish()


def test_a_manager_looking_after_nested_units_counts_each_person_once(world, provision):
    ManagerScope.objects.create(user=world["manager"], unit=world["units"]["trust"])
    record(provision, today=COMMENCES)
    notice = LawNotice.objects.get(user=world["manager"])
    assert notice.audience == "manager" and notice.people == 1


def test_ld_see_who_is_trained_on_current_law_and_it_moves_with_the_law(
    world, provision, learner, staff_admin
):
    """Completed on content whose provisions have not changed since: per unit, filtered, exported;
    it drops the day a change applies and comes back when the revised course is completed."""
    from tracking import selectors as tracking_selectors
    from tracking import services as tracking_services
    from tracking.models import ComplianceRecord

    tracking_services.assignment_create(
        actor=staff_admin, course=world["course"], unit=world["units"]["trust"], due_within_days=90
    )
    other = builders.make_user(email="second.nurse@nhs.net")
    builders.staff(world["units"]["aspen"], user=other)
    tracking_services.compliance_refresh()
    client = Client()
    client.force_login(world["manager"])
    dashboard = reverse("tracking_admin:dashboard")

    def summary():
        records = tracking_selectors.records_in_scope(world["manager"])
        total, by_unit, _roles = tracking_selectors.compliance_summary(
            records, parent=None, units=tracking_selectors.units_for(world["manager"])
        )
        return total, {g.label: g.current_law for g in by_unit}

    total, units = summary()
    assert (total.assigned, total.compliant, total.current_law) == (2, 1, 1)
    assert "50% trained on current law: 1 of 2" in client.get(dashboard).content.decode()

    record(provision, on=COMMENCES, today=COMMENCES - datetime.timedelta(days=1))
    assert ComplianceRecord.objects.get(profile__user=learner).law_changed_on is None
    services.law_changes_apply(today=COMMENCES)
    assert ComplianceRecord.objects.get(profile__user=learner).law_changed_on == COMMENCES
    total, units_after = summary()
    assert (total.compliant, total.on_old_law, total.current_law) == (1, 1, 0)
    assert sum(units_after.values()) == sum(units.values()) - 1
    page = client.get(dashboard).content.decode()
    assert "0% trained on current law: 0 of 2" in page
    assert "1 completion in date describes the law before a change" in page

    old = client.get(dashboard, {"law": "old", "unit": world["units"]["aspen"].pk})
    assert old.status_code == 200
    current = tracking_selectors.records_in_scope(world["manager"], law="current")
    assert current.count() == 0
    assert tracking_selectors.records_in_scope(world["manager"], law="old").count() == 1
    lines = b"".join(
        client.get(reverse("tracking_admin:export", args=["csv"]), {"law": "old"}).streaming_content
    ).decode()
    assert "Describes the law before" in lines.splitlines()[0]
    assert learner.email in lines and COMMENCES.isoformat() in lines
    assert "second.nurse@nhs.net" not in lines
    one_course = client.get(
        dashboard, {"unit": world["units"]["aspen"].pk, "course": world["course"].pk}
    ).content.decode()
    assert "Describes the law before 1 Apr 2027" in one_course

    # The revised course, reviewed on the day, completed after it: on current law again.
    course = world["course"]
    course.law_as_at = COMMENCES
    course.save_revision().publish()
    completion = CourseCompletion.objects.create(
        user=learner,
        course=course,
        round=2,
        completed_at=timezone.make_aware(datetime.datetime(2027, 4, 2, 10)),
        course_revision_id=course.live_revision_id,
    )
    certificate_services.certificate_issue(completion=completion)
    tracking_services.compliance_refresh_for_user(user_id=learner.pk)
    assert ComplianceRecord.objects.get(profile__user=learner).law_changed_on is None
    total, _units = summary()
    assert (total.on_old_law, total.current_law) == (0, 1)


def test_the_dashboard_refuses_an_unknown_law_filter_quietly(world, provision):
    client = Client()
    client.force_login(world["manager"])
    response = client.get(reverse("tracking_admin:dashboard"), {"law": "<script>"})
    assert response.status_code == 200
    assert "Select the law from the list" in response.content.decode()


def test_completing_the_course_still_under_review_counts_as_the_old_law(
    world, provision, learner, staff_admin, django_capture_on_commit_callbacks
):
    """After the change, before the revised course is published, a completion earns a
    certificate on the old law, and the compliance record says so at once."""
    from tracking import services as tracking_services
    from tracking.models import ComplianceRecord

    tracking_services.assignment_create(
        actor=staff_admin, course=world["course"], unit=world["units"]["trust"], due_within_days=90
    )
    today = timezone.localdate()
    record(provision, on=today, today=today)
    later = builders.make_user(email="late.nurse@nhs.net")
    builders.staff(world["units"]["aspen"], user=later)
    with django_capture_on_commit_callbacks(execute=True):
        completion = CourseCompletion.objects.create(
            user=later,
            course=world["course"],
            completed_at=timezone.now(),
            course_revision_id=world["course"].live_revision_id,
        )
        certificate = certificate_services.certificate_issue(completion=completion)
    assert certificate.law_as_at < today
    assert ComplianceRecord.objects.get(profile__user=later).law_changed_on == today
