"""Facilitated team sessions: planning tells the team; the register is signed by code within the
session's window, once per person, with guests marked; the poll is anonymous and hidden below 5;
closing gives participatory hours, a CPD entry and a certificate; later corrections are audited;
the trust's rule says whether attendance completes the assignment."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AuditEvent
from courses.models import ModuleProgress
from cpd.models import CpdEntry
from teamsessions import selectors, services
from teamsessions.models import Attendance, PollAnswer, TeamSessionSettings
from tracking import services as tracking_services
from tracking.models import ComplianceRecord

from .conftest import START, plan

pytestmark = pytest.mark.django_db


def at(minutes):
    return START + datetime.timedelta(minutes=minutes)


def test_planning_tells_the_team_and_shows_on_their_my_training(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = plan(
            world,
            starts=timezone.now() + datetime.timedelta(days=2),
            ends=timezone.now() + datetime.timedelta(days=2, hours=1),
        )
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted(u.email.lower() for u in world["team"])  # the guest's ward is not told
    assert "Aspen Ward day room" in mail.outbox[0].body
    client = Client()
    client.force_login(world["team"][0])
    page = client.get(reverse("courses:my_training")).content.decode()
    assert session.title in page and "Aspen Ward day room" in page
    client.force_login(world["guest"])
    assert "Aspen Ward day room" not in client.get(reverse("courses:my_training")).content.decode()


def test_the_code_works_only_in_the_window_and_once_per_person(world):
    session = plan(world)
    nurse = world["team"][0]
    with pytest.raises(services.SessionError) as early:
        services.sign_in(user=nurse, code=session.short_code, now=at(-16))
    assert early.value.status == 403 and "opens at" in early.value.message
    first = services.sign_in(user=nurse, code=session.short_code.lower(), now=at(-10))
    assert first.arrived_at == START  # early arrivals count from the start
    again = services.sign_in(user=nurse, code=session.short_code, now=at(20))
    assert again.pk == first.pk and Attendance.objects.count() == 1
    late = services.sign_in(user=world["team"][1], code=session.short_code, now=at(20))
    assert late.arrived_at == at(20) and late.late()
    with pytest.raises(services.SessionError) as after:  # a code shared off the ward, later
        services.sign_in(user=world["team"][2], code=session.short_code, now=at(61))
    assert after.value.status == 403
    with pytest.raises(services.SessionError) as wrong:
        services.sign_in(user=world["team"][2], code="ZZZZZZ", now=at(5))
    assert wrong.value.status == 404
    guest = services.sign_in(user=world["guest"], code=session.short_code, now=at(5))
    assert guest.guest and not first.guest


def test_a_full_session_refuses_the_code_but_the_facilitator_can_still_tick(world):
    session = plan(world, capacity=1)
    services.sign_in(user=world["team"][0], code=session.short_code, now=at(1))
    with pytest.raises(services.SessionError) as full:
        services.sign_in(user=world["team"][1], code=session.short_code, now=at(2))
    assert full.value.status == 409
    services.register_tick(
        actor=world["facilitator"], session=session, user=world["team"][1], now=at(3)
    )
    assert session.attendance.count() == 2


def test_the_poll_is_anonymous_one_answer_each_and_hidden_below_five(world):
    session = plan(world)
    statement = selectors.poll_questions(session)[0]
    with pytest.raises(services.SessionError):  # not on the register
        services.poll_answer(
            user=world["team"][0], session=session, question_id=statement.pk, value=4
        )
    for nurse in world["team"][:5]:
        services.sign_in(user=nurse, code=session.short_code, now=at(1))
    with pytest.raises(services.SessionError) as closed:
        services.poll_answer(
            user=world["team"][0], session=session, question_id=statement.pk, value=4
        )
    assert closed.value.status == 409
    services.presenter_step(session=session, poll_open=True)
    session.refresh_from_db()
    for nurse in world["team"][:4]:
        services.poll_answer(user=nurse, session=session, question_id=statement.pk, value=4)
    services.poll_answer(user=world["team"][0], session=session, question_id=statement.pk, value=5)
    spread = selectors.poll_spread(session)[0]
    assert (spread.n, spread.shown, spread.counts) == (4, False, [])
    services.poll_answer(user=world["team"][4], session=session, question_id=statement.pk, value=2)
    spread = selectors.poll_spread(session)[0]
    assert spread.shown and [c for _label, c, _p in spread.counts] == [0, 1, 0, 3, 1]
    # No answer names anyone: the voter is a hash that is not a user id or e-mail address.
    voters = set(PollAnswer.objects.values_list("voter", flat=True))
    assert len(voters) == 5 and not voters & {str(u.pk) for u in world["team"]}
    for bad in ("9", "x", ""):
        with pytest.raises(services.SessionError):
            services.poll_answer(
                user=world["team"][0], session=session, question_id=statement.pk, value=bad
            )
    with pytest.raises(services.SessionError):  # a question from elsewhere
        services.poll_answer(user=world["team"][0], session=session, question_id=999999, value=3)


def test_closing_gives_hours_cpd_and_a_certificate_and_counts_the_film(world):
    module = world["modules"][0]
    session = plan(world, module=module)
    stayed = services.sign_in(user=world["team"][0], code=session.short_code, now=at(0))
    late = services.sign_in(user=world["team"][1], code=session.short_code, now=at(30))
    early = services.sign_in(user=world["team"][2], code=session.short_code, now=at(0))
    services.attendance_left_now(actor=world["facilitator"], attendance=early, now=at(12))
    services.session_close(actor=world["facilitator"], session=session, now=at(65))
    services.session_close(actor=world["facilitator"], session=session, now=at(70))  # twice: once
    hours = dict(Attendance.objects.values_list("pk", "hours"))
    assert hours == {stayed.pk: Decimal("1.0"), late.pk: Decimal("0.5"), early.pk: Decimal("0.2")}
    entries = CpdEntry.objects.filter(method=CpdEntry.Method.GROUP).order_by("user_id")
    assert [(e.hours, e.participatory_hours, e.is_automatic) for e in entries] == [
        (Decimal("1.0"), Decimal("1.0"), True),
        (Decimal("0.5"), Decimal("0.5"), True),
        (Decimal("0.2"), Decimal("0.2"), True),
    ]
    assert "Fay Facilitator" in entries[0].evidence and "Aspen Ward" in entries[0].evidence
    # Three quarters of it or more: the film is done together; the knowledge check still counts.
    watched = set(
        ModuleProgress.objects.filter(module=module, film_watched_at__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    assert watched == {world["team"][0].pk}
    progress = ModuleProgress.objects.get(user=world["team"][0], module=module)
    assert progress.completed_at is None  # the knowledge check is still required
    with pytest.raises(services.SessionError):  # the register is closed: no more sign-ins
        services.sign_in(user=world["team"][3], code=session.short_code, now=at(40))


def test_a_correction_after_the_event_is_audited_and_the_hours_follow(world):
    session = plan(world)
    nurse = services.sign_in(user=world["team"][0], code=session.short_code, now=at(0))
    services.attendance_times_set(
        actor=world["facilitator"], attendance=nurse, arrived_at=at(10), left_at=None, now=at(30)
    )
    assert not AuditEvent.objects.filter(action="teamsession.register_edit").exists()  # during it
    services.session_close(actor=world["facilitator"], session=session, now=at(60))
    nurse.refresh_from_db()
    assert nurse.hours == Decimal("0.8")
    services.attendance_times_set(
        actor=world["facilitator"],
        attendance=nurse,
        arrived_at=at(0),
        left_at=at(30),
        now=at(24 * 60),
    )
    nurse.refresh_from_db()
    assert nurse.hours == Decimal("0.5") and nurse.cpd_entry.hours == Decimal("0.5")
    services.register_tick(
        actor=world["facilitator"], session=session, user=world["team"][1], now=at(24 * 60)
    )
    added = Attendance.objects.get(user=world["team"][1])
    assert added.hours == Decimal("1.0") and added.cpd_entry is not None
    services.attendance_remove(actor=world["facilitator"], attendance=added, now=at(25 * 60))
    assert not CpdEntry.objects.filter(user=world["team"][1]).exists()
    changes = [
        (e.data["change"], e.data.get("before"), e.data.get("after"))
        for e in selectors.register_changes(session)
    ]
    assert changes == [
        ("removed", "14:00 – ", None),
        ("added", None, None),
        ("times", "14:10 – ", "14:00 – 14:30"),
    ]
    with pytest.raises(services.SessionError):
        services.attendance_times_set(
            actor=world["facilitator"], attendance=nurse, arrived_at=at(30), left_at=at(10)
        )


@pytest.mark.parametrize("rule", ["counts", "completes"])
def test_the_trusts_rule_says_whether_attendance_completes_the_assignment(world, rule):
    from wagtail.models import Site

    settings_row = TeamSessionSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.attendance_rule = rule
    settings_row.save()
    nurse = world["team"][0]
    tracking_services.assignment_create(
        actor=None, course=world["course"], unit=world["units"]["aspen"], due_within_days=30
    )
    tracking_services.compliance_refresh()
    now = timezone.now()
    session = plan(
        world,
        starts=now - datetime.timedelta(minutes=50),
        ends=now + datetime.timedelta(minutes=10),
    )
    attendance = services.sign_in(user=nurse, code=session.short_code, now=session.starts_at)
    services.session_close(actor=world["facilitator"], session=session, now=session.ends_at)
    record = ComplianceRecord.objects.get(profile__user=nurse, course=world["course"])
    assert (record.completed_on is not None) == (rule == "completes")
    if rule == "completes":  # taken off the register later: the credit goes with it
        services.attendance_remove(actor=world["facilitator"], attendance=attendance)
        record.refresh_from_db()
        assert record.completed_on is None


def test_the_certificate_of_attendance_reads_back_and_verifies(world):
    session = plan(world)
    attendance = services.sign_in(user=world["guest"], code=session.short_code, now=at(0))
    services.session_close(actor=world["facilitator"], session=session, now=at(60))
    client = Client()
    url = reverse("teamsessions:certificate", args=[attendance.pk])
    assert client.get(url).status_code == 302  # signed out: sign in first
    client.force_login(world["team"][0])
    assert client.get(url).status_code == 404  # somebody else's
    client.force_login(world["guest"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    import io

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Certificate of attendance" in text and "Gus Guest" in text and "1 hour" in text
    assert "as a guest" in text
    attendance.refresh_from_db()
    verify = Client().get(reverse("teamsessions:verify", args=[attendance.certificate_code]))
    assert verify.status_code == 200 and "Gus Guest" in verify.content.decode()
    grouped = Client().get(reverse("teamsessions:verify", args=[attendance.grouped_code.lower()]))
    assert grouped.status_code == 302
    tampered = attendance.certificate_code[:-1] + (
        "0" if attendance.certificate_code[-1] != "0" else "1"
    )
    assert Client().get(reverse("teamsessions:verify", args=[tampered])).status_code == 404


def test_the_l_and_d_summary_counts_sessions_rate_guests_and_hours(world):
    session = plan(world)
    for nurse in world["team"][:3]:
        services.sign_in(user=nurse, code=session.short_code, now=at(0))
    services.sign_in(user=world["guest"], code=session.short_code, now=at(0))
    services.session_close(actor=world["facilitator"], session=session, now=at(60))
    [row] = selectors.units_summary(paths=[world["units"]["adult"].path])
    assert (row.unit, row.sessions, row.attendees, row.team_places, row.guests, row.hours) == (
        world["units"]["aspen"],
        1,
        3,
        6,
        1,
        Decimal("4.0"),
    )
    assert row.rate == 50
    assert selectors.units_summary(paths=[world["units"]["older"].path]) == []
