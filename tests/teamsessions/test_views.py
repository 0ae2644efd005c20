"""Every team-session screen, opened as the people who reach it: the facilitator plans, runs the
register and the shared screen; a nurse signs in by code or QR on their phone and answers the
poll; L&D export and read the summary. Bad input answers 4xx with a message and changes nothing."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from organisation.models import ManagerScope
from teamsessions import selectors, services
from teamsessions.models import Attendance, PollAnswer, TeamSession
from tests import builders

from .conftest import plan

pytestmark = pytest.mark.django_db


def now_session(world, **extra):
    """A session that started five minutes ago: its register is open."""
    start = timezone.now() - datetime.timedelta(minutes=5)
    return plan(world, starts=start, ends=start + datetime.timedelta(hours=1), **extra)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, session, *more):
    return reverse(f"teamsessions:{name}", args=[session.pk, *more])


def test_the_facilitators_screens_open_and_show_the_session(world):
    session = now_session(world, module=world["modules"][0])
    nurse = world["team"][0]
    services.sign_in(user=nurse, code=session.short_code)
    facilitator = client_for(world["facilitator"])

    index = facilitator.get(reverse("teamsessions:index"))
    assert index.status_code == 200 and session.title in index.content.decode()

    detail = facilitator.get(url("detail", session)).content.decode()
    assert "Nurse0 Aspen" in detail  # on the register
    roster = detail[detail.index('id="tick-user"') :]
    roster = roster[: roster.index("</select>")]
    assert f'value="{world["team"][1].pk}"' in roster  # on the team's roster, not yet signed
    assert f'value="{nurse.pk}"' not in roster
    assert session.short_code in detail

    present = facilitator.get(url("present", session))
    text = present.content.decode()
    assert present.status_code == 200
    assert (
        session.short_code in text and "data:image/svg+xml;base64," in text
    )  # the code and its QR
    assert "2 questions to discuss after the film." in text  # the module's prompts, to step through

    poll = facilitator.get(url("poll_json", session)).json()
    assert poll["signed"] == 1 and "0 answers so far: shown from 5." in poll["html"]


def test_planning_a_session_through_the_form(world):
    facilitator = client_for(world["facilitator"])
    assert facilitator.get(reverse("teamsessions:new")).status_code == 200
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    form = {
        "course": world["course"].pk,
        "module": "",
        "unit": world["units"]["aspen"].pk,
        "facilitator_role": TeamSession.FacilitatorRole.TRAINER,
        "day": day,
        "start": "14:00",
        "end": "15:00",
        "place": "Aspen Ward day room",
        "capacity": "12",
    }
    for bad, error in (
        ({"end": "13:00"}, "The end time must be after the start time."),
        ({"place": "", "video_link": ""}, "Enter the place, or a video link."),
        ({"day": "2020-01-01"}, "Choose a day and time that has not passed."),
        ({"capacity": "0"}, ""),
        ({"unit": "999999"}, ""),
    ):
        response = facilitator.post(reverse("teamsessions:new"), {**form, **bad})
        assert response.status_code == 400 and error in response.content.decode()
    assert not TeamSession.objects.exists()
    made = facilitator.post(reverse("teamsessions:new"), form)
    session = TeamSession.objects.get()
    assert made.status_code == 302 and made["Location"] == url("detail", session)
    assert (session.place, session.capacity) == ("Aspen Ward day room", 12)


def test_someone_who_is_not_a_facilitator_is_refused_every_facilitator_screen(world):
    session = now_session(world)
    nurse = client_for(world["team"][0])
    for name in ("index", "new"):
        response = nurse.get(reverse(f"teamsessions:{name}"))
        assert response.status_code == 403 and "L&amp;D team" in response.content.decode()
    for name in ("detail", "present", "poll_json"):
        assert nurse.get(url(name, session)).status_code == 403
    for name in ("present_step", "tick", "times", "left_now", "remove", "close", "cancel"):
        assert nurse.post(url(name, session)).status_code == 403
    session.refresh_from_db()
    assert session.status == TeamSession.Status.SCHEDULED


def test_another_facilitators_session_is_not_found(world):
    session = now_session(world)
    other = builders.make_trainer(first_name="Otto")
    client = client_for(other)
    for name in ("detail", "present", "poll_json"):
        assert client.get(url(name, session)).status_code == 404
    for name in ("tick", "close", "cancel"):
        assert client.post(url(name, session)).status_code == 404
    assert client.get(reverse("teamsessions:detail", args=[999999])).status_code == 404
    session.refresh_from_db()
    assert session.status == TeamSession.Status.SCHEDULED


def test_the_shared_screen_steps_through_prompts_and_opens_the_poll(world):
    session = now_session(world, module=world["modules"][0])
    facilitator = client_for(world["facilitator"])
    response = facilitator.post(url("present_step", session), {"prompt": "2", "poll": "open"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.prompt_index, session.poll_open) == (2, True)
    page = facilitator.get(url("present", session)).content.decode()
    assert "What stops us telling patients?" in page
    facilitator.post(url("present_step", session), {"prompt": "not a number", "poll": "close"})
    session.refresh_from_db()
    assert (session.prompt_index, session.poll_open) == (2, False)  # a bad prompt changes nothing


def test_a_nurse_signs_in_by_code_on_their_phone_and_answers_the_poll(world):
    session = now_session(world)
    services.presenter_step(session=session, poll_open=True)
    nurse = client_for(world["team"][0])
    assert nurse.get(reverse("teamsessions:join")).status_code == 200
    wrong = nurse.post(reverse("teamsessions:join"), {"code": "ZZZZZZ"})
    assert wrong.status_code == 404 and "no session" in wrong.content.decode().lower()
    assert nurse.post(reverse("teamsessions:join"), {"code": ""}).status_code == 400
    joined = nurse.post(reverse("teamsessions:join"), {"code": session.short_code.lower()})
    assert joined.status_code == 302 and joined["Location"] == url("here", session)
    again = nurse.post(reverse("teamsessions:join"), {"code": session.short_code})
    assert again.status_code == 302 and Attendance.objects.count() == 1

    here = nurse.get(url("here", session))
    statement = selectors.poll_questions(session)[0]
    assert here.status_code == 200 and statement.text in here.content.decode()
    for bad in ({"question": statement.pk, "value": "9"}, {"question": "x", "value": "3"}):
        assert nurse.post(url("here", session), bad).status_code in (400, 404)
    assert not PollAnswer.objects.exists()
    answered = nurse.post(url("here", session), {"question": statement.pk, "value": "4"})
    assert answered.status_code == 302
    nurse.post(url("here", session), {"question": statement.pk, "value": "5"})  # a change of mind
    assert list(PollAnswer.objects.values_list("value", flat=True)) == [5]

    stranger = client_for(world["guest"])
    assert stranger.get(url("here", session)).status_code == 404  # not on the register


def test_the_qr_link_asks_before_it_signs(world):
    session = now_session(world)
    nurse = client_for(world["team"][1])
    link = reverse("teamsessions:join_code", args=[session.short_code])
    page = nurse.get(link)
    assert page.status_code == 200 and not Attendance.objects.exists()  # a GET changes nothing
    signed = nurse.post(link)
    assert signed.status_code == 302
    assert Attendance.objects.get().method == Attendance.Method.QR
    assert nurse.get(link)["Location"] == url("here", session)
    assert nurse.get(reverse("teamsessions:join_code", args=["NOPE00"])).status_code == 404
    later = plan(
        world,
        starts=timezone.now() + datetime.timedelta(days=1),
        ends=timezone.now() + datetime.timedelta(days=1, hours=1),
    )
    closed = nurse.post(reverse("teamsessions:join_code", args=[later.short_code]))
    assert closed.status_code == 403 and "opens at" in closed.content.decode()
    services.session_cancel(actor=world["facilitator"], session=later)
    assert nurse.post(reverse("teamsessions:join_code", args=[later.short_code])).status_code in (
        403,
        410,
    )


def test_the_register_by_hand_and_its_corrections(world):
    session = now_session(world)
    facilitator = client_for(world["facilitator"])
    nurse, guest = world["team"][2], world["guest"]
    assert facilitator.post(url("tick", session), {"user": nurse.pk}).status_code == 302
    assert facilitator.post(url("tick", session), {"email": guest.email}).status_code == 302
    assert Attendance.objects.get(user=guest).guest
    unknown = facilitator.post(url("tick", session), {"email": "nobody@example.nhs.uk"})
    assert unknown.status_code == 400 and "needs a Bridge account" in unknown.content.decode()
    assert facilitator.post(url("tick", session), {"user": "abc"}).status_code == 400
    assert facilitator.post(url("tick", session), {}).status_code == 400
    assert Attendance.objects.count() == 2

    attendance = Attendance.objects.get(user=nurse)
    start = timezone.localtime(session.starts_at)
    arrived = (start + datetime.timedelta(minutes=10)).strftime("%H:%M")
    saved = facilitator.post(
        url("times", session), {"attendance": attendance.pk, "arrived": arrived}
    )
    assert saved.status_code == 302
    attendance.refresh_from_db()
    assert attendance.arrived_at == start.replace(second=0, microsecond=0) + datetime.timedelta(
        minutes=10
    )
    bad = facilitator.post(url("times", session), {"attendance": attendance.pk, "arrived": "25:99"})
    assert bad.status_code == 400 and "like 14:30" in bad.content.decode()
    other = plan(world)
    elsewhere = services.register_tick(
        actor=world["facilitator"],
        session=other,
        user=world["team"][3],
        now=other.starts_at + datetime.timedelta(minutes=1),
    )
    # An attendance from another session, through this session's URL: not found, not changed.
    for name in ("times", "left_now", "remove"):
        response = facilitator.post(
            url(name, session), {"attendance": elsewhere.pk, "arrived": "9:00"}
        )
        assert response.status_code == 404
    assert Attendance.objects.filter(pk=elsewhere.pk, left_at=None).exists()

    assert (
        facilitator.post(url("left_now", session), {"attendance": attendance.pk}).status_code == 302
    )
    attendance.refresh_from_db()
    assert attendance.left_at is not None
    guest_row = Attendance.objects.get(user=guest)
    assert facilitator.post(url("remove", session), {"attendance": guest_row.pk}).status_code == 302
    assert not Attendance.objects.filter(user=guest, session=session).exists()


def test_closing_and_the_attendees_certificate(world):
    start = timezone.now() - datetime.timedelta(minutes=40)
    session = plan(world, starts=start, ends=start + datetime.timedelta(hours=1))
    nurse = world["team"][0]
    attendance = services.sign_in(user=nurse, code=session.short_code, now=start)
    facilitator = client_for(world["facilitator"])
    closed = facilitator.post(url("close", session))
    assert closed.status_code == 302
    attendance.refresh_from_db()
    assert attendance.hours == Decimal("0.7")  # 40 minutes: the register closed early
    assert facilitator.post(url("close", session)).status_code == 302  # twice: no harm
    detail = facilitator.get(url("detail", session)).content.decode()
    assert "Nurse0 Aspen" in detail

    mine = client_for(nurse)
    pdf = mine.get(reverse("teamsessions:certificate", args=[attendance.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    training = mine.get(reverse("courses:my_training")).content.decode()
    assert reverse("teamsessions:certificate", args=[attendance.pk]) in training
    someone_else = client_for(world["team"][1])
    assert (
        someone_else.get(reverse("teamsessions:certificate", args=[attendance.pk])).status_code
        == 404
    )
    verify = Client().get(reverse("teamsessions:verify", args=[attendance.certificate_code]))
    assert verify.status_code == 200 and "Nurse0 Aspen" in verify.content.decode()
    forged = attendance.certificate_code[:-1] + (
        "A" if attendance.certificate_code[-1] != "A" else "B"
    )
    assert Client().get(reverse("teamsessions:verify", args=[forged])).status_code == 404


def test_cancelling_takes_it_off_the_facilitators_upcoming_list(world):
    future = plan(
        world,
        starts=timezone.now() + datetime.timedelta(days=1),
        ends=timezone.now() + datetime.timedelta(days=1, hours=1),
    )
    facilitator = client_for(world["facilitator"])
    response = facilitator.post(url("cancel", future))
    assert response.status_code == 302 and response["Location"] == reverse("teamsessions:index")
    future.refresh_from_db()
    assert future.status == TeamSession.Status.CANCELLED
    assert AuditEvent.objects.filter(action__startswith="teamsession.").exists()


def test_a_line_manager_may_plan_for_their_own_team_only(world):
    manager = builders.make_user(first_name="Mandy", last_name="Manager")
    boss = builders.staff(world["units"]["aspen"], user=manager)
    builders.staff(world["units"]["aspen"], user=builders.make_user(), manager=boss)
    client = client_for(manager)
    page = client.get(reverse("teamsessions:new"))
    assert page.status_code == 200
    units = list(page.context["form"].fields["unit"].queryset)
    assert units == [world["units"]["aspen"]]


def test_ld_export_and_dashboard_show_closed_sessions(world):
    start = timezone.now() - datetime.timedelta(minutes=30)
    session = plan(world, starts=start, ends=start + datetime.timedelta(hours=1))
    for nurse in world["team"][:2]:
        services.sign_in(user=nurse, code=session.short_code, now=start)
    services.session_close(actor=world["facilitator"], session=session)
    ld = builders.make_user(first_name="Lee", last_name="Dee")
    ld.groups.add(Group.objects.get(name="L&D managers"))
    ManagerScope.objects.create(user=ld, unit=world["units"]["adult"])
    client = client_for(ld)
    response = client.get(reverse("teamsessions_admin_export"))
    assert response.status_code == 200
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert sorted(r["name"] for r in rows) == ["Nurse0 Aspen", "Nurse1 Aspen"]
    assert {r["team"] for r in rows} == {world["units"]["aspen"].name}
    dashboard = client.get(reverse("tracking_admin:dashboard")).content.decode()
    row = dashboard[dashboard.index('<th scope="row">Aspen Ward</th>') :]
    row = row[: row.index("</tr>")]
    # One session, 2 of the team of 6, no guests, two half hours (in tenths, not a float's tail).
    assert row.endswith("<td>1</td><td>33% (2 of 6)</td><td>0</td><td>1.0</td>"), row
    # L&D for another directorate see none of it.
    elsewhere = builders.make_user(first_name="Ola", last_name="Older")
    elsewhere.groups.add(Group.objects.get(name="L&D managers"))
    ManagerScope.objects.create(user=elsewhere, unit=world["units"]["older"])
    other = client_for(elsewhere).get(reverse("teamsessions_admin_export"))
    assert (
        list(csv.DictReader(io.StringIO(b"".join(other.streaming_content).decode("utf-8-sig"))))
        == []
    )
    nurse = client_for(world["team"][0])
    assert nurse.get(reverse("teamsessions_admin_export")).status_code in (302, 403)


def test_the_admin_menu_leads_facilitators_to_their_sessions(world):
    # Wagtail's sidebar is drawn from JSON in the page: the item's name and URL are in it.
    menu_link = (
        '"label": "Team sessions", "icon_name": "group", "classname": "", "attrs": {}, '
        f'"url": "{reverse("teamsessions:index")}"'
    )
    trainer = client_for(world["facilitator"])
    assert menu_link in trainer.get(reverse("wagtailadmin_home")).content.decode()
    ld = builders.make_user(is_staff=True)
    ld.groups.add(Group.objects.get(name="L&D managers"))
    assert menu_link in client_for(ld).get(reverse("wagtailadmin_home")).content.decode()


def test_the_register_offers_closing_once_started_and_cancelling_before(world):
    facilitator = client_for(world["facilitator"])
    future = plan(
        world,
        starts=timezone.now() + datetime.timedelta(days=1),
        ends=timezone.now() + datetime.timedelta(days=1, hours=1),
    )
    page = facilitator.get(url("detail", future)).content.decode()
    assert "Cancel the session" in page and "Close the register" not in page
    refused = facilitator.post(url("close", future))  # a forged close before the start
    assert refused.status_code == 409
    future.refresh_from_db()
    assert future.status == TeamSession.Status.SCHEDULED
    running = now_session(world)
    page = facilitator.get(url("detail", running)).content.decode()
    assert "Close the register" in page and "Cancel the session" not in page
