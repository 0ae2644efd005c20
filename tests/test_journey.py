"""A nurse's whole journey through the demo course, through Django's test client."""

import io
import json
import re
from datetime import timedelta
from decimal import Decimal

import pypdf
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from certificates.models import Certificate
from courses import services as course_services
from courses.models import CoursePage, ModulePage
from quizzes.models import QuizAttempt
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    call_command("load_demo", "--course-only", stdout=io.StringIO())
    return CoursePage.objects.get(slug="working-with-imhas")


def answer_all(client, module, block_id_quiz, answers_for):
    """Start the quiz on the module page, save each answer as the page's script would, submit."""
    quiz, purpose = block_id_quiz
    client.post(
        reverse("courses:quiz_start", args=[module.pk]), {"quiz": quiz.pk, "purpose": purpose}
    )
    attempt = QuizAttempt.objects.filter(quiz=quiz, purpose=purpose, status="in_progress").latest(
        "pk"
    )
    raw = answers_for(attempt)
    for question_id, value in raw.items():
        response = client.post(
            reverse("quizzes:answer_save", args=[attempt.pk]),
            data=json.dumps({"question": question_id, "answer": value}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    return client.post(
        reverse("courses:quiz_submit", args=[module.pk]),
        {"attempt": attempt.pk, **builders.form_fields(raw)},
    )


def right_answers(attempt):
    return {question.pk: builders.right_raw(question) for question in attempt.questions()}


def test_a_nurse_registers_completes_the_demo_course_and_proves_the_certificate(
    client, demo, django_capture_on_commit_callbacks
):
    # Register with a work address.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:register"),
            {
                "first_name": "Siân",
                "last_name": "O'Connor-Ñúñez",
                "email": "sian@nhs.net",
                "job_title": "Staff nurse",
                "registration_body": "nmc",
                "registration_number": "99Z1234X",
                "password1": "harbour-willow-copper-7",
                "password2": "harbour-willow-copper-7",
            },
        )
    assert response["Location"] == reverse("accounts:check_email")
    # She follows the link in the e-mail and confirms with her password.
    (message,) = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0)
    response = client.post(link, {"password": "harbour-willow-copper-7"})
    assert response["Location"] == reverse("courses:my_training")

    # My training shows the demo course with a progress bar at zero.
    html = client.get(reverse("courses:my_training")).content.decode()
    assert "Working with Independent Mental Health Advocates" in html
    assert "0 of 5 modules complete" in html

    modules = list(ModulePage.objects.live_in(demo))
    assert len(modules) == 5
    first = modules[0]

    # Module 1: film with captions and transcript beside it.
    html = client.get(first.url).content.decode()
    assert 'kind="captions"' in html and "Transcript" in html
    film_id = first.films()[0].id
    captions = client.get(reverse("courses:film_captions", args=[first.pk, film_id]))
    assert captions.content.startswith(b"WEBVTT")

    with django_capture_on_commit_callbacks(execute=True):
        # Attitudes before.
        pre = first.quiz_blocks("attitude_pre")[0].value["quiz"]
        answer_all(client, first, (pre, "attitude_pre"), right_answers)
        # Watch the film: heartbeats of played ranges, spread over real elapsed time.
        user = User.objects.get(email="sian@nhs.net")
        now = timezone.now()
        for start in range(0, 101, 20):
            now += timedelta(seconds=20)
            course_services.film_progress_record(
                user=user,
                module=first,
                block_id=film_id,
                segments=[[start, min(start + 20, 101)]],
                now=now,
            )
        # The film pauses at its checkpoints; each answer is saved and explained.
        for checkpoint in first.films()[0].value["checkpoints"]:
            question = checkpoint["question"]
            response = client.post(
                reverse("courses:checkpoint_answer", args=[first.pk]),
                data=json.dumps(
                    {
                        "block": film_id,
                        "question": question.pk,
                        "answer": builders.right_raw(question),
                    }
                ),
                content_type="application/json",
            )
            assert response.json()["feedback"]["correct"] is True
        # A wrong answer first: not passed, per-question feedback shown.
        knowledge = first.knowledge_quiz()

        def wrong(attempt):
            answers = right_answers(attempt)
            for question in attempt.questions():
                if hasattr(question, "correct_answer"):
                    answers[question.pk] = ["false" if question.correct_answer else "true"]
            return answers

        result = answer_all(client, first, (knowledge, "knowledge"), wrong)
        html = client.get(result["Location"]).content.decode()
        assert "Not passed yet" in html and "The right answer:" in html
        result = answer_all(client, first, (knowledge, "knowledge"), right_answers)
        html = client.get(result["Location"]).content.decode()
        assert "You passed" in html and "100%" in html
        assert "You have completed this module" in client.get(first.url).content.decode()

        # The other modules: text and knowledge check (their film is there for reference).
        for module in modules[1:]:
            client.get(module.url)
            answer_all(client, module, (module.knowledge_quiz(), "knowledge"), right_answers)
        post = modules[-1].quiz_blocks("attitude_post")[0].value["quiz"]
        answer_all(client, modules[-1], (post, "attitude_post"), right_answers)

    html = client.get(reverse("courses:my_training")).content.decode()
    assert "5 of 5 modules complete" in html
    change = client.get(reverse("quizzes:attitude_change", args=[post.pk])).content.decode()
    assert "How your views changed" in change
    certificate = Certificate.objects.get(user__email="sian@nhs.net")
    link = reverse("certificates:for_completion", args=[certificate.completion_id])
    assert link in html

    # Download the PDF and read it back.
    download = client.get(client.get(link)["Location"])
    pdf = b"".join(download.streaming_content)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Siân O'Connor-Ñúñez" in text
    assert "Working with Independent Mental Health Advocates" in text
    assert "2 hours 30 minutes" in text
    # The code as printed: seven groups of four, on one line, read back and typed in as is.
    code = re.search(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){6}", text.split("Verification code")[-1]).group(
        0
    )
    assert code.replace("-", "") == certificate.code

    # Anyone can check it at the verify page.
    client.logout()
    html = client.get(reverse("certificates:verify"), {"code": code}, follow=True).content.decode()
    assert "This certificate is valid" in html
    assert "sian@nhs.net" not in html


def test_load_demo_twice_changes_nothing(demo):
    from organisation.models import OrgUnit, StaffProfile
    from quizzes.models import Question, Quiz

    call_command("load_demo", stdout=io.StringIO())
    assert OrgUnit.objects.count() == 12  # a trust, 3 directorates, 8 teams
    assert 50 <= StaffProfile.objects.count() <= 80
    staff = StaffProfile.objects.count()

    counts = (
        CoursePage.objects.count(),
        ModulePage.objects.count(),
        Quiz.objects.count(),
        Question.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (
        CoursePage.objects.count(),
        ModulePage.objects.count(),
        Quiz.objects.count(),
        Question.objects.count(),
    )
    assert counts[1] == 5
    assert StaffProfile.objects.count() == staff


def test_the_demo_trusts_staff_came_through_its_esr_file(demo):
    """Two people with a bank post besides their substantive one, and new starters ESR holds no
    e-mail address for: staff records without a sign-in, who count as not started."""
    from organisation.models import StaffAssignment, StaffImport, StaffProfile
    from tracking.models import ComplianceRecord

    call_command("load_demo", stdout=io.StringIO())
    record = StaffImport.objects.get()
    assert record.file_format == "CSV, Windows-1252" and record.held == 0
    assert record.missing_people == []  # the whole staff in post
    two = StaffProfile.objects.filter(posts__category="Bank").distinct()
    assert two.count() == 2
    for person in two:
        assert person.posts.count() == 2 and person.posts.get(primary=True).category == "Permanent"
        assert person.unit.name == "Aspen Ward"
    assert StaffAssignment.objects.filter(primary=True).count() == StaffProfile.objects.count()
    starters = StaffProfile.objects.filter(email="")
    assert sorted(p.first_name for p in starters) == ["Siân", "Tomás", "Zoë"]
    assert all(p.user_id is None for p in starters)
    records = ComplianceRecord.objects.filter(profile__in=starters)
    assert records.count() == 3 and not records.filter(started=True).exists()


def test_the_demo_trust_has_a_team_session_held_and_one_to_come(demo):
    """Aspen Ward's session three weeks ago is closed with its register (a late arrival, one who
    left early, a guest), the poll's answers and everyone's hours; the next is on the learner's
    My training."""
    from cpd.models import CpdEntry
    from teamsessions import selectors
    from teamsessions.models import TeamSession

    call_command("load_demo", stdout=io.StringIO())
    past = TeamSession.objects.get(status=TeamSession.Status.CLOSED)
    register = list(past.attendance.order_by("arrived_at"))
    assert len(register) == 7 and sum(a.guest for a in register) == 1
    assert sum(a.late() for a in register) == 2  # 25 minutes late, and the guest 10
    assert all(a.hours > 0 and a.cpd_entry_id for a in register)
    assert sorted({a.hours for a in register}) == [
        Decimal("0.6"),
        Decimal("0.7"),
        Decimal("0.8"),
        Decimal("1.0"),
    ]
    assert CpdEntry.objects.filter(method=CpdEntry.Method.GROUP).count() == 7
    assert all(spread.shown for spread in selectors.poll_spread(past))
    coming = TeamSession.objects.get(status=TeamSession.Status.SCHEDULED)
    learner = User.objects.get(email="learner@example.nhs.uk")
    assert selectors.my_sessions(learner)["upcoming"] == [coming]
