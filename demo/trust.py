"""The demo trust: a small trust with staff in mixed states, an assignment of the demo course, and
anonymised attitude answers. Loading again changes nothing.

The trust's history (completions years ago, people who started) is seeded directly: it is
synthetic past data, not something a person does through Bridge today.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import user_ensure
from courses.models import CourseCompletion, CoursePage, Enrolment
from organisation.models import (
    JobRole,
    ManagerScope,
    OrgUnit,
    StaffGroup,
    StaffImport,
    StaffProfile,
)
from organisation.services import staff_import
from quizzes import services as quiz_services
from quizzes.models import Quiz, QuizAttempt
from tracking.models import Assignment
from tracking.services import assignment_create, compliance_refresh

TRUST = "Northfield Mental Health NHS Trust"
STRUCTURE = {
    "Adult Acute Services": ["Aspen Ward", "Birch Ward", "Crisis Resolution Team"],
    "Older Adults Services": ["Maple Ward", "Willow Ward", "Memory Assessment Team"],
    "Secure and Forensic Services": ["Cedar Ward", "Rowan Ward"],
}
ROLES = [
    ("Staff Nurse", "Registered Nursing"),
    ("Charge Nurse", "Registered Nursing"),
    ("Healthcare Assistant", "Support to Clinical"),
    ("Consultant Psychiatrist", "Medical"),
    ("Occupational Therapist", "Allied Health Professionals"),
]
FIRST = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Femi",
    "Grace",
    "Hassan",
    "Isla",
    "Jon",
    "Kemi",
    "Liam",
    "Maya",
    "Nathan",
    "Olu",
    "Priya",
    "Rhys",
    "Sara",
    "Tom",
    "Uma",
    "Vic",
    "Wes",
    "Yara",
    "Zac",
]
LAST = [
    "Adeyemi",
    "Brown",
    "Chen",
    "Davies",
    "Evans",
    "Fox",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Walsh",
]


class TrustLoader:
    """Loads the demo trust, with about 60 staff in mixed states, once the demo course is there."""

    def __init__(self, *, stdout, style):
        self.stdout, self.style = stdout, style

    def load(self):
        if OrgUnit.objects.filter(name=TRUST).exists():
            self.stdout.write("Demo trust already loaded: nothing to change.")
            return
        with transaction.atomic():
            self._trust()
            self._esr_file()
            # The seeded history above moved dates behind the ORM's back.
            compliance_refresh()
        self.stdout.write(self.style.SUCCESS("Demo trust loaded."))

    def _trust(self):
        rng = random.Random(20261126)
        today = timezone.localdate()
        trust = OrgUnit.add_root(name=TRUST, kind=OrgUnit.Kind.TRUST)
        teams = []
        for directorate_name, team_names in STRUCTURE.items():
            directorate = trust.add_child(name=directorate_name, kind=OrgUnit.Kind.DIRECTORATE)
            for team_name in team_names:
                teams.append(directorate.add_child(name=team_name, kind=OrgUnit.Kind.TEAM))
        roles = []
        for role_name, group_name in ROLES:
            group, _created = StaffGroup.objects.get_or_create(name=group_name)
            roles.append(
                JobRole.objects.get_or_create(name=role_name, defaults={"staff_group": group})[0]
            )

        course = CoursePage.objects.get(slug="working-with-imhas")
        assignment = assignment_create(
            actor=None,
            course=course,
            unit=trust,
            include_subunits=True,
            due_within_days=60,
            due_from=Assignment.DueFrom.JOINING,
        )
        # Seeded history: the trust assigned the course some time ago.
        Assignment.objects.filter(pk=assignment.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=80)
        )
        attitude = Quiz.objects.get(kind=Quiz.Kind.ATTITUDE)

        learner = User.objects.get(email="learner@example.nhs.uk")
        manager_user = User.objects.get(email="ld.manager@example.nhs.uk")
        ManagerScope.objects.get_or_create(user=manager_user, unit=trust)

        number = 100000
        for team in teams:
            charge = None
            for index in range(rng.randint(6, 9)):
                number += 1
                role = (
                    roles[1]
                    if index == 0
                    else rng.choice([roles[0], roles[0], roles[2], roles[3], roles[4]])
                )
                first, last = rng.choice(FIRST), rng.choice(LAST)
                email = f"{first}.{last}.{number}@example.nhs.uk".lower()
                days = rng.choice([5, 12, 45, 200, 400, 900, 1500])
                joined = today - datetime.timedelta(days=days)
                profile = StaffProfile.objects.create(
                    employee_number=str(number),
                    first_name=first,
                    last_name=last,
                    email=email,
                    role=role,
                    unit=team,
                    joined_on=joined,
                    line_manager=charge,
                    nmc_pin=f"{rng.randint(10, 99)}A{rng.randint(1000, 9999)}E"
                    if "Nurse" in role.name
                    else "",
                )
                if index == 0:
                    charge = profile
                self._history(profile, course, attitude, rng, today)
        self._followups(attitude, rng, today)
        # The demo learner is on Aspen Ward, with the course assigned and not yet done.
        StaffProfile.objects.create(
            employee_number="100999",
            first_name="Sam",
            last_name="Okafor",
            email=learner.email,
            role=roles[0],
            unit=teams[0],
            joined_on=today - datetime.timedelta(days=30),
            user=learner,
            line_manager=StaffProfile.objects.filter(unit=teams[0], role=roles[1]).first(),
            nmc_pin="12A3456E",
        )
        self._team_sessions(course, teams, rng)

    def _team_sessions(self, course, teams, rng):
        """Aspen Ward watched the first film together three weeks ago (a late arrival, one who
        left early, a guest from Birch Ward, an anonymous poll); the next session is next week."""
        from teamsessions import services as session_services
        from teamsessions.models import TeamSession

        trainer = User.objects.get(email="trainer@example.nhs.uk")
        aspen, birch = teams[0], teams[1]
        module = course.get_children().live().specific().first()
        zone = timezone.get_current_timezone()
        day = timezone.localdate() - datetime.timedelta(days=21)
        start = datetime.datetime.combine(day, datetime.time(14, 0), tzinfo=zone)
        end = start + datetime.timedelta(hours=1)

        def data(**changes):
            return {
                "course": course,
                "module": module,
                "unit": aspen,
                "facilitator_role": TeamSession.FacilitatorRole.TRAINER,
                "starts_at": start,
                "ends_at": end,
                "place": "Aspen Ward day room",
                "video_link": "",
                "capacity": 12,
                **changes,
            }

        past = session_services.session_schedule(actor=trainer, data=data(), notify=False)
        people = []
        for profile in StaffProfile.objects.filter(unit=aspen).order_by("employee_number")[:6]:
            people.append(profile.user if profile.user_id else self._account_for(profile))
        guest_profile = StaffProfile.objects.filter(unit=birch, user__isnull=False).first()
        if guest_profile is not None:
            people.append(guest_profile.user)
        minutes = [0, 0, 0, 25, 0, 0, 10]  # one came 25 minutes late, the guest 10
        for person, late in zip(people, minutes, strict=False):
            session_services.sign_in(
                user=person,
                code=past.short_code,
                now=start + datetime.timedelta(minutes=late),
            )
        past.refresh_from_db()
        session_services.presenter_step(session=past, prompt_index=1, poll_open=True)
        past.refresh_from_db()
        from teamsessions import selectors as session_selectors

        for question in session_selectors.poll_questions(past):
            for person in people:
                value = rng.choice([3, 4, 4, 5])
                session_services.poll_answer(
                    user=person,
                    session=past,
                    question_id=question.pk,
                    value=6 - value if question.reverse_scored else value,
                )
        early = past.attendance.get(user=people[4])
        session_services.attendance_left_now(
            actor=trainer, attendance=early, now=start + datetime.timedelta(minutes=40)
        )
        session_services.session_close(
            actor=trainer, session=past, now=end + datetime.timedelta(minutes=5)
        )
        next_day = timezone.localdate() + datetime.timedelta(days=6)
        next_start = datetime.datetime.combine(next_day, datetime.time(10, 0), tzinfo=zone)
        session_services.session_schedule(
            actor=trainer,
            data=data(
                module=None,
                starts_at=next_start,
                ends_at=next_start + datetime.timedelta(minutes=90),
            ),
            notify=False,
        )

    def _esr_file(self):
        """The trust's ESR "staff in post" file, as Excel saves it (Windows-1252, UK dates), goes
        through the import like any trust's: every person's substantive post, a bank post for two
        of them, and three new starters ESR has no e-mail address for yet."""
        today = timezone.localdate()
        lines = [
            "Employee Number,Assignment Number,First Name,Last Name,Email Address,Position Title,"
            "Organisation,Staff Group,Assignment Status,Assignment Category,Primary Assignment,"
            "Assignment Start Date"
        ]

        def line(person, assignment, role, unit, category, primary, start, email=None):
            number, first, last = person
            return ",".join(
                [
                    number,
                    assignment,
                    first,
                    last,
                    email or "",
                    role.name,
                    unit.name,
                    role.staff_group.name,
                    "Active Assignment",
                    category,
                    primary,
                    start.strftime("%d/%m/%Y"),
                ]
            )

        people = list(StaffProfile.objects.select_related("role__staff_group", "unit"))
        for p in people:
            who = (p.employee_number, p.first_name, p.last_name)
            lines.append(
                line(
                    who, p.employee_number, p.role, p.unit, "Permanent", "Yes", p.joined_on, p.email
                )
            )
        bank_ward = OrgUnit.objects.get(name="Willow Ward")
        bank_role = JobRole.objects.get(name="Healthcare Assistant")
        three_months_ago = today - datetime.timedelta(days=90)
        for p in [p for p in people if p.unit.name == "Aspen Ward"][:2]:
            who = (p.employee_number, p.first_name, p.last_name)
            lines.append(
                line(who, f"{p.employee_number}-2", bank_role, bank_ward, "Bank", "No",
                     three_months_ago, p.email)
            )  # fmt: skip
        cedar = OrgUnit.objects.get(name="Cedar Ward")
        last_week = today - datetime.timedelta(days=7)
        for who in [
            ("101901", "Zoë", "O’Brien"),
            ("101902", "Siân", "Price"),
            ("101903", "Tomás", "Byrne"),
        ]:
            lines.append(line(who, who[0], bank_role, cedar, "Fixed Term Temp", "Yes", last_week))
        data = ("\r\n".join(lines) + "\r\n").encode("cp1252")
        report = staff_import(
            data=data,
            filename="staff-in-post.csv",
            actor=None,
            dry_run=False,
            source=StaffImport.Source.COMMAND,
        )
        assert report.committed, report.file_error or report.error_rows

    def _account_for(self, profile):
        """A sign-in for a demo staff record (no password: the demo signs in as its own four)."""
        user = user_ensure(
            email=profile.email,
            password="",
            first_name=profile.first_name,
            last_name=profile.last_name,
        )[0]
        user.set_unusable_password()
        user.save(update_fields=["password"])
        profile.user = user
        profile.save(update_fields=["user"])
        return user

    def _history(self, profile, course, attitude, rng, today):
        """Past activity for one person: nothing, started, completed (some long ago), with views."""
        state = rng.choices(
            ["none", "started", "done", "done_old", "done_expired"], weights=[4, 3, 5, 1, 1]
        )[0]
        if state == "none":
            return
        user = self._account_for(profile)
        Enrolment.objects.get_or_create(user=user, course=course)
        self._views(user, attitude, "attitude_pre", rng, shift=0)
        if state == "started":
            return
        days_ago = {
            "done": rng.randint(5, 300),
            "done_old": 365 * 3 - 30,
            "done_expired": 365 * 3 + 20,
        }[state]
        completed = timezone.now() - datetime.timedelta(days=days_ago)
        CourseCompletion.objects.create(
            user=user,
            course=course,
            completed_at=completed,
            round=1,
            course_revision_id=course.live_revision_id,
        )
        self._views(user, attitude, "attitude_post", rng, shift=1)

    def _followups(self, attitude, rng, today):
        """The follow-ups already due are sent; about two in three were answered, weeks later,
        with views a little warmer still and what those people now do."""
        from followups import services as followup_services
        from followups.models import Behaviour, FollowUp

        followup_services.followups_send(today=today)
        for followup in FollowUp.objects.filter(status=FollowUp.Status.INVITED).order_by("pk"):
            if rng.random() > 0.7:
                continue
            attempt = quiz_services.attempt_start(
                user=followup.user,
                quiz=attitude,
                purpose=QuizAttempt.Purpose.ATTITUDE_FOLLOWUP,
                context_id=followup.course_id,
            )
            answers = {}
            for question in attempt.questions():
                value = rng.choice([3, 4, 4, 5])
                answers[question.pk] = [str(6 - value if question.reverse_scored else value)]
            followup_services.followup_answer(
                user=followup.user,
                followup_id=followup.pk,
                answers=answers,
                behaviours=rng.sample(list(Behaviour.values), k=rng.randint(1, 3)),
                changes="",
            )

    def _views(self, user, quiz, purpose, rng, shift):
        attempt = quiz_services.attempt_start(user=user, quiz=quiz, purpose=purpose)
        answers = {}
        for question in attempt.questions():
            base = rng.choice([2, 3, 3, 4])
            value = base + shift if not question.reverse_scored else base - shift
            answers[question.pk] = [str(min(5, max(1, value)))]
        quiz_services.attempt_submit(attempt=attempt, answers=answers)
        assert QuizAttempt.objects.filter(pk=attempt.pk, status="graded").exists()
