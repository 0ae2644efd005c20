"""Did practice change? A completion schedules a follow-up; on its day the learner is invited
once and reminded once; the answer is kept once and shows, anonymised, in the three-point report."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from courses.models import CourseCompletion
from followups import selectors, services
from followups.models import Behaviour, FollowUp
from quizzes import services as quiz_services
from quizzes.models import Quiz, QuizAttempt
from tests import builders

pytestmark = pytest.mark.django_db

DONE = datetime.datetime(2027, 1, 4, 10, tzinfo=datetime.UTC)
DUE = datetime.date(2027, 3, 29)  # 12 weeks later


@pytest.fixture
def course():
    made = builders.make_course(modules=1, with_film=False)
    quiz = builders.make_quiz(
        [
            builders.likert(text="Advocates help me."),
            builders.likert(text="An advocate is checking up on me.", reverse=True),
        ],
        kind=Quiz.Kind.ATTITUDE,
    )
    module = made["modules"][0]
    module.body = [
        *module.body.raw_data,
        builders.quiz_block(quiz, purpose="attitude_pre"),
        builders.quiz_block(quiz, purpose="attitude_post"),
    ]
    module.save_revision().publish()
    return {**made, "quiz": quiz}


def answer(user, quiz, purpose, values):
    attempt = quiz_services.attempt_start(user=user, quiz=quiz, purpose=purpose)
    ids = [item["id"] for item in attempt.snapshot]
    return quiz_services.attempt_submit(
        attempt=attempt, answers={qid: [str(v)] for qid, v in zip(ids, values, strict=True)}
    )


def complete(user, course, when=DONE):
    return CourseCompletion.objects.create(
        user=user,
        course=course["course"],
        completed_at=when,
        course_revision_id=course["course"].live_revision_id,
    )


def test_a_completion_schedules_it_and_the_clock_invites_and_reminds_once(course, learner):
    complete(learner, course)
    followup = FollowUp.objects.get(user=learner)
    assert (followup.status, followup.due_on) == ("scheduled", DUE)
    mail.outbox.clear()

    day_before = DUE - datetime.timedelta(days=1)
    assert services.followups_send(today=day_before) == {"invited": 0, "reminded": 0}
    on_the_day = timezone.make_aware(datetime.datetime.combine(DUE, datetime.time(9)))
    assert services.followups_send(now=on_the_day) == {"invited": 1, "reminded": 0}
    assert services.followups_send(now=on_the_day) == {"invited": 0, "reminded": 0}
    assert [m.to for m in mail.outbox] == [[learner.email]]
    link = reverse("followups:answer", args=[followup.pk])
    assert link in mail.outbox[0].body
    # One reminder, fourteen days on, and never a second.
    almost = on_the_day + datetime.timedelta(days=13)
    assert services.followups_send(now=almost) == {"invited": 0, "reminded": 0}
    later = on_the_day + datetime.timedelta(days=14)
    assert services.followups_send(now=later) == {"invited": 0, "reminded": 1}
    for days in (15, 40):
        assert services.followups_send(now=on_the_day + datetime.timedelta(days=days)) == {
            "invited": 0,
            "reminded": 0,
        }
    assert len(mail.outbox) == 2 and "the only one" in mail.outbox[1].body


def test_answered_or_declined_follow_ups_are_not_reminded(course, learner):
    other = builders.make_user()
    for user in (learner, other):
        complete(user, course)
    on_the_day = timezone.make_aware(datetime.datetime.combine(DUE, datetime.time(9)))
    services.followups_send(now=on_the_day)
    mine, theirs = FollowUp.objects.get(user=learner), FollowUp.objects.get(user=other)
    services.followup_decline(user=other, followup_id=theirs.pk)
    answer(learner, course["quiz"], "attitude_pre", [2, 4])
    # The statements are asked again and each must be answered.
    with pytest.raises(services.FollowUpError) as refused:
        services.followup_answer(
            user=learner, followup_id=mine.pk, answers={}, behaviours=[], changes=""
        )
    assert refused.value.errors  # each unanswered statement named
    attempt = quiz_services.attempt_start(
        user=learner,
        quiz=course["quiz"],
        purpose=QuizAttempt.Purpose.ATTITUDE_FOLLOWUP,
        context_id=course["course"].pk,
    )
    ids = [item["id"] for item in attempt.snapshot]
    done = services.followup_answer(
        user=learner,
        followup_id=mine.pk,
        answers={ids[0]: ["5"], ids[1]: ["1"]},
        behaviours=[Behaviour.REFERRED, Behaviour.TOLD_RIGHT],
        changes="I now tell every patient on admission.",
    )
    assert done.status == "answered" and done.attempt.purpose == "attitude_later"
    assert done.behaviours == ["told_right", "referred"]  # in the list's order
    # Twice (a double click): the first answer stands.
    again = services.followup_answer(
        user=learner, followup_id=mine.pk, answers={}, behaviours=[], changes="changed"
    )
    assert again.changes == "I now tell every patient on admission."
    mail.outbox.clear()
    assert services.followups_send(now=on_the_day + datetime.timedelta(days=30)) == {
        "invited": 0,
        "reminded": 0,
    }
    assert not mail.outbox
    assert AuditEvent.objects.filter(action="followup.answer").count() == 1
    assert AuditEvent.objects.filter(action="followup.decline").count() == 1


def test_a_course_without_follow_up_schedules_none(course, learner):
    course["course"].followup_weeks = None
    course["course"].save_revision().publish()
    complete(learner, course)
    assert not FollowUp.objects.exists()


def test_the_learner_answers_on_the_page_and_nobody_else_can(course, learner, learner_client):
    complete(learner, course)
    followup = FollowUp.objects.get(user=learner)
    url = reverse("followups:answer", args=[followup.pk])
    assert learner_client.get(url).status_code == 404  # not open before its day
    services.followups_send(
        now=timezone.make_aware(datetime.datetime.combine(DUE, datetime.time(9)))
    )
    page = learner_client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Has your practice changed?" in body and "Advocates help me." in body
    my_training = learner_client.get(reverse("courses:my_training")).content.decode()
    assert url in my_training

    stranger = Client()
    stranger.force_login(builders.make_user())
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"behaviours": ["referred"]}).status_code == 404
    assert stranger.post(reverse("followups:decline", args=[followup.pk])).status_code == 404

    refused = learner_client.post(url, {"behaviours": ["told_right"]})
    assert refused.status_code == 400 and "There is a problem" in refused.content.decode()
    assert 'value="told_right" checked' in refused.content.decode()  # what was ticked is kept
    forged = learner_client.post(url, {"behaviours": ["made_up"]})
    assert forged.status_code == 400
    attempt = QuizAttempt.objects.get(user=learner, purpose="attitude_later")
    fields = {f"q{item['id']}": "4" for item in attempt.snapshot}
    done = learner_client.post(
        url, {**fields, "behaviours": ["invited_advocate"], "changes": "An advocate at the review."}
    )
    assert done.status_code == 302
    followup.refresh_from_db()
    assert followup.status == "answered" and followup.behaviours == ["invited_advocate"]
    shown = learner_client.get(url).content.decode()
    assert "You answered on" in shown and "Turn this into an NMC reflective account" in shown
    reflection = learner_client.get(
        reverse("cpd:reflective_account_add"), {"followup": followup.pk}
    )
    assert reflection.status_code == 200
    assert "An advocate at the review." in reflection.content.decode()
    assert url not in learner_client.get(reverse("courses:my_training")).content.decode()


def test_declining_stops_reminders_but_the_page_stays_open(course, learner, learner_client):
    complete(learner, course)
    followup = FollowUp.objects.get(user=learner)
    services.followups_send(
        now=timezone.make_aware(datetime.datetime.combine(DUE, datetime.time(9)))
    )
    response = learner_client.post(reverse("followups:decline", args=[followup.pk]))
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.status == "declined"
    assert learner_client.get(reverse("followups:answer", args=[followup.pk])).status_code == 200


def test_three_points_are_counted_for_five_or_more_and_reported_behaviours_by_unit(
    course, staff_admin
):
    quiz = course["quiz"]
    units = builders.trust_tree()
    users = []
    for _ in range(5):
        user = builders.make_user()
        builders.staff(units["aspen"], user=user)
        users.append(user)
        answer(user, quiz, "attitude_pre", [2, 4])
        answer(user, quiz, "attitude_post", [4, 2])
        complete(user, course)
    assert selectors.three_points(quiz=quiz, user_ids=[u.pk for u in users]).suppressed
    services.followups_send(today=DUE)
    for n, user in enumerate(users):
        followup = FollowUp.objects.get(user=user)
        attempt = quiz_services.attempt_start(
            user=user, quiz=quiz, purpose="attitude_later", context_id=course["course"].pk
        )
        ids = [item["id"] for item in attempt.snapshot]
        services.followup_answer(
            user=user,
            followup_id=followup.pk,
            answers={ids[0]: ["5" if n < 4 else "3"], ids[1]: ["1"]},
            behaviours=[Behaviour.TOLD_RIGHT] + ([Behaviour.REFERRED] if n < 2 else []),
            changes="",
        )
    report = selectors.three_points(quiz=quiz, user_ids=[u.pk for u in users])
    assert not report.suppressed and report.n == 5
    helps, threat = report.statements
    assert (helps.before, helps.after, helps.later) == (2.0, 4.0, 4.6)  # (5*4 + 3) / 5
    # Reverse scored: 4 is 2 on the positive scale, 2 is 4, 1 is 5.
    assert (threat.before, threat.after, threat.later) == (2.0, 4.0, 5.0)
    # Only the learners asked about count.
    assert selectors.three_points(quiz=quiz, user_ids=[u.pk for u in users[:4]]).suppressed
    # The trainer's attitude report shows the same three points.
    trainer = Client()
    trainer.force_login(staff_admin)
    report_page = trainer.get(reverse("quizzes_admin:attitude", args=[quiz.pk])).content.decode()
    assert "Weeks later" in report_page and "<td>4.6</td>" in report_page

    from organisation.models import StaffProfile
    from tracking.selectors import units_for

    everyone = StaffProfile.objects.all()
    by_unit = selectors.behaviours_by_unit(
        profiles=everyone, parent=None, units=units_for(staff_admin)
    )
    counted = [u for u in by_unit if u.answered]
    assert len(counted) == 1 and counted[0].answered == 5 and not counted[0].suppressed
    counts = dict(counted[0].counts)
    assert counts[str(Behaviour.TOLD_RIGHT.label)] == 5
    assert counts[str(Behaviour.REFERRED.label)] == 2


def test_the_dashboard_shows_the_follow_up_reports(course, staff_admin, client):
    client.force_login(staff_admin)
    page = client.get(reverse("tracking_admin:dashboard")).content.decode()
    assert "Did practice change?" in page and "No follow-ups answered in this view yet." in page


def test_the_command_sends_due_follow_ups_and_refuses_a_bad_date(course, learner, capsys):
    complete(learner, course)
    call_command("followups", "--today", DUE.isoformat())
    assert "Invited 1, reminded 0." in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("followups", "--today", "next week")
