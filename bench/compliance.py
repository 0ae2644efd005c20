"""The L&D dashboard, person page and export at trust scale, on PostgreSQL.

    python -m bench.compliance [--staff 10000] [--courses 50] [--repeat 15]

Creates its own database (``BENCH_DATABASE_URL``, default ``bridge_bench`` on the local server),
seeds a trust of ``--staff`` people in 200 teams under 8 directorates, ``--courses`` courses all
assigned trust-wide, about two completions per person and course (1M rows at the defaults), and
the attitude questionnaire answered before and after by two people in three (and weeks later, at
an answered follow-up, by one in six).
Then it builds the compliance table through the same service the nightly job uses, and times:

- the data behind each view (selectors: the queries and the Python that shapes them), which is
  what the targets are set on, and
- the whole admin page through Django's test client (Wagtail's admin chrome included).

Prints a table and writes bench/results/compliance.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import time
from pathlib import Path
from urllib.parse import urlparse

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_pg"

import django  # noqa: E402
import psycopg  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS_MS = {
    "directorate view": 150,
    "whole trust": 500,
    "one person": 5,
    # The attitude panel, on the same budgets as the compliance counts beside it.
    "attitude panel, directorate": 150,
    "attitude panel, whole trust": 500,
    # "Did practice change?" (three points, behaviours per unit), on the same budgets.
    "follow-up panel, directorate": 150,
    "follow-up panel, whole trust": 500,
    # "Trained on current law", on the same budgets again.
    "current law, directorate": 150,
    "current law, whole trust": 500,
}


def recreate_database() -> None:
    url = urlparse(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bridge_bench")
    )
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(staff: int, courses: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from accounts.models import User
    from organisation.models import JobRole, OrgUnit, StaffGroup, StaffProfile
    from tests import builders
    from tracking import services

    admin = builders.make_user(email="bench-admin@nhs.net", is_staff=True, is_superuser=True)
    course_pages = [
        builders.make_course(
            modules=0, with_film=False, title=f"Course {i:02d}", renewal_months=36
        )["course"]
        for i in range(courses)
    ]
    trust = OrgUnit.add_root(name="Bench Trust", kind="trust")
    directorates = [trust.add_child(name=f"Directorate {d}", kind="directorate") for d in range(8)]
    teams = [
        directorate.add_child(name=f"Team {d}.{t}", kind="team")
        for d, directorate in enumerate(directorates)
        for t in range(25)
    ]
    group = StaffGroup.objects.create(name="Registered Nursing")
    roles = [JobRole.objects.create(name=f"Role {r:02d}", staff_group=group) for r in range(20)]
    # Assignments before people: each one's refresh is then instant.
    for i, course in enumerate(course_pages):
        services.assignment_create(
            actor=admin,
            course=course,
            unit=trust,
            due_within_days=90 + 30 * (i % 6),
            due_from="joining",
        )
    users = User.objects.bulk_create(
        [
            User(
                username=f"staff{n}@bench.nhs.net",
                email=f"staff{n}@bench.nhs.net",
                first_name="Staff",
                last_name=f"P{n:05d}",
                password=make_password(None),
            )
            for n in range(staff)
        ],
        batch_size=2000,
    )
    StaffProfile.objects.bulk_create(
        [
            StaffProfile(
                employee_number=f"B{n:07d}",
                first_name="Staff",
                last_name=f"P{n:05d}",
                email=user.email,
                user=user,
                role=roles[n % len(roles)],
                unit=teams[n % len(teams)],
                joined_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 2400),
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    # About two completions per person and course: none, one, two, three or four rounds.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO courses_coursecompletion
                (user_id, course_id, round, completed_at, course_revision_id, module_revision_ids)
            SELECT p.user_id, c.course_id, r.round,
                   now() - make_interval(days => (k.rounds - r.round) * 420 + k.h % 400),
                   NULL, '{}'::jsonb
            FROM organisation_staffprofile p
            CROSS JOIN (SELECT DISTINCT course_id FROM tracking_assignment) c
            CROSS JOIN LATERAL (
                SELECT (p.id * 7919 + c.course_id * 104729) % 1000 AS h,
                       ((p.id * 7919 + c.course_id * 104729) % 1000) % 5 AS rounds
            ) k
            CROSS JOIN LATERAL generate_series(1, k.rounds) AS r(round)
            """
        )
        cursor.execute(
            """
            INSERT INTO courses_enrolment (user_id, course_id, enrolled_at)
            SELECT DISTINCT user_id, course_id, now() FROM courses_coursecompletion
            UNION
            SELECT p.user_id, c.course_id, now()
            FROM organisation_staffprofile p
            CROSS JOIN (SELECT DISTINCT course_id FROM tracking_assignment) c
            WHERE (p.id * 31 + c.course_id) % 9 = 0
            ON CONFLICT DO NOTHING
            """
        )
    attitude = _seed_attitudes()
    followups = _seed_followups()
    law = _seed_law(course_pages[: max(1, courses // 5)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM courses_coursecompletion")
        completions = cursor.fetchone()[0]
    start = time.perf_counter()
    records = services.compliance_refresh()
    rebuild_s = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "admin": admin,
        "trust": trust,
        "directorate": directorates[0],
        "team": teams[0],
        "person": StaffProfile.objects.order_by("pk")[staff // 2],
        "course": course_pages[0],
        "completions": completions,
        "records": records,
        "rebuild_s": round(rebuild_s, 1),
        "attitude": attitude,
        "law": law,
        "followups": followups,
    }


def _seed_law(courses) -> dict:
    """A provision that a fifth of the courses cite, a certificate for every completion of those
    courses (citing it), and a change in it that half of those certificates came before: the
    rebuild then works out "trained on current law" through the same selectors as a learner's."""
    from django.db import connection
    from django.utils import timezone

    from law.models import Provision, ProvisionChange

    provision = Provision.objects.create(
        citation="MHA 2025 s40",
        title="Opt-out referral to an IMHA",
        status=Provision.Status.COMMENCED,
        status_on=datetime.date(2026, 6, 1),
    )
    ProvisionChange.objects.create(
        provision=provision,
        kind=ProvisionChange.Kind.COMMENCED,
        effective_on=datetime.date(2026, 6, 1),
        note="Bench",
        applied_at=timezone.now(),
    )
    ids = [c.pk for c in courses]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO certificates_certificate
                (completion_id, user_id, course_id, code, learner_name, registration,
                 course_title, cpd_hours, participatory_hours, learning_outcomes, code_themes,
                 module_titles, content_version, issuer_name, signatory_name, signatory_role,
                 law_as_at, completed_at, issued_at, pdf, sha256, status, revoked_reason)
            SELECT cc.id, cc.user_id, cc.course_id, 'bench' || cc.id, 'Staff', '', 'Course',
                   1.0, 0, '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, '', '', '', '',
                   CASE WHEN cc.id %% 2 = 0 THEN DATE '2026-01-01' ELSE DATE '2026-07-01' END,
                   cc.completed_at, cc.completed_at, '', '', 'valid', ''
            FROM courses_coursecompletion cc WHERE cc.course_id = ANY(%s)
            """,
            [ids],
        )
        cursor.execute(
            """
            INSERT INTO certificates_certificate_provisions (certificate_id, provision_id)
            SELECT id, %s FROM certificates_certificate WHERE course_id = ANY(%s)
            """,
            [provision.pk, ids],
        )
        cursor.execute("SELECT count(*) FROM certificates_certificate")
        return {"courses": len(ids), "certificates": cursor.fetchone()[0]}


def _seed_attitudes():
    """The staff-attitude questionnaire with eight statements, and a graded "before" and "after"
    from two people in three (about 6,700 learners, 107,000 answers at the defaults)."""
    from django.db import connection

    from quizzes.models import Quiz
    from tests import builders

    statements = [builders.likert(text=f"Statement {i}", reverse=bool(i % 2)) for i in range(8)]
    quiz = builders.make_quiz(statements, kind=Quiz.Kind.ATTITUDE, title="Views on advocacy")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO quizzes_quizattempt (user_id, quiz_id, purpose, status, number,
                earlier_round, snapshot, pass_mark, started_at, submitted_at, graded_at)
            SELECT p.user_id, %s, pu.purpose, 'graded', 1, false, '[]'::jsonb, 0,
                   now(), now(), now()
            FROM organisation_staffprofile p
            CROSS JOIN (VALUES ('attitude_pre'), ('attitude_post'), ('attitude_later')) pu(purpose)
            WHERE p.user_id IS NOT NULL AND p.id %% 3 <> 0
              AND (pu.purpose <> 'attitude_later' OR p.id %% 6 = 1)
            """,
            [quiz.pk],
        )
        cursor.execute(
            """
            INSERT INTO quizzes_response (attempt_id, question_id, answer, saved_at)
            SELECT a.id, q.question_id,
                   to_jsonb(1 + ((a.user_id * 7 + q.question_id * 13
                                  + CASE a.purpose WHEN 'attitude_post' THEN 1
                                         WHEN 'attitude_later' THEN 2 ELSE 0 END)
                                 %% 5)), now()
            FROM quizzes_quizattempt a
            JOIN quizzes_quizquestion q ON q.quiz_id = a.quiz_id
            WHERE a.quiz_id = %s
            """,
            [quiz.pk],
        )
    return quiz


def _seed_followups() -> int:
    """An answered follow-up for each of the people who answered the statements weeks later."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO followups_followup (completion_id, user_id, course_id, due_on, status,
                invited_at, answered_at, behaviours, changes)
            SELECT DISTINCT ON (cc.user_id) cc.id, cc.user_id, cc.course_id, now()::date,
                   'answered', now(), now(),
                   CASE WHEN cc.user_id %% 2 = 0 THEN '["told_right", "referred"]'::jsonb
                        ELSE '["invited_advocate"]'::jsonb END, ''
            FROM courses_coursecompletion cc
            JOIN organisation_staffprofile p ON p.user_id = cc.user_id
            WHERE p.id %% 6 = 1
            ORDER BY cc.user_id, cc.id
            """,
            [],
        )
        return cursor.rowcount


def timed(fn, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
        "queries": len(queries.captured_queries),
    }


def measure(world: dict, repeat: int) -> dict:
    from django.contrib.auth.models import Group
    from django.test import Client

    from accounts.roles import LD_MANAGERS, roles_setup
    from organisation.models import ManagerScope
    from quizzes import analytics
    from tests import builders
    from tracking import selectors, services

    roles_setup(content_root=builders.home_page())
    manager = builders.make_user(email="bench-ld@nhs.net", is_staff=True)
    manager.groups.add(Group.objects.get(name=LD_MANAGERS))
    ManagerScope.objects.create(user=manager, unit=world["directorate"])
    admin, person = world["admin"], world["person"]

    def view_data(user, unit):
        units = selectors.units_for(user)
        records = selectors.records_in_scope(user, unit=unit)
        return selectors.compliance_summary(records, parent=unit, units=units)

    def person_data():
        profile = selectors.person_in_scope(admin, person.pk)
        return selectors.person_rows(profile)

    def page(user, url):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)

        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if response.streaming:
                return sum(len(chunk) for chunk in response.streaming_content)
            return len(response.content)

        return get

    def attitude(user, unit):
        """The dashboard's anonymised attitude panel, as its view reads it."""
        records = selectors.records_in_scope(user, unit=unit)
        user_ids = records.filter(profile__user__isnull=False).values("profile__user_id")
        report = analytics.attitude_cohort(quiz=world["attitude"], user_ids=user_ids)
        assert not report.suppressed and report.statements
        return report

    def practice(user, unit):
        """The dashboard's "Did practice change?": three points and behaviours per unit."""
        from followups import selectors as followup_selectors

        units = selectors.units_for(user)
        records = selectors.records_in_scope(user, unit=unit)
        user_ids = records.filter(profile__user__isnull=False).values("profile__user_id")
        report = followup_selectors.three_points(quiz=world["attitude"], user_ids=user_ids)
        assert not report.suppressed and report.statements
        behaviours = followup_selectors.behaviours_by_unit(
            profiles=selectors.staff_in_scope(user).filter(pk__in=records.values("profile_id")),
            parent=unit,
            units=units,
        )
        assert behaviours and sum(b.answered for b in behaviours)
        return report, behaviours

    def current_law(user, unit):
        """The dashboard filtered to those trained on current law, with its measure."""
        units = selectors.units_for(user)
        records = selectors.records_in_scope(user, unit=unit, law=selectors.LAW_CURRENT)
        total, by_unit, by_role = selectors.compliance_summary(records, parent=unit, units=units)
        assert total.assigned and not total.on_old_law
        return total

    everyone = selectors.records_in_scope(admin)
    old_law = everyone.filter(law_changed_on__isnull=False).count()
    assert old_law, "the seeded change in the law marked nobody"
    world["law"]["records on the old law"] = old_law

    dashboard = "/admin/compliance/"
    results = {
        "directorate view": timed(lambda: view_data(manager, world["directorate"]), repeat),
        "whole trust": timed(lambda: view_data(admin, None), repeat),
        "one person": timed(person_data, repeat * 4),
        "directorate page": timed(
            page(manager, f"{dashboard}?unit={world['directorate'].pk}"), repeat
        ),
        "whole trust page": timed(page(admin, dashboard), repeat),
        "one person page": timed(page(admin, f"{dashboard}people/{person.pk}/"), repeat),
        "team page (people listed)": timed(
            page(manager, f"{dashboard}?unit={world['team'].pk}"), repeat
        ),
        "directorate CSV export": timed(
            page(manager, f"{dashboard}export.csv?unit={world['directorate'].pk}"), 3
        ),
        "attitude panel, directorate": timed(
            lambda: attitude(manager, world["directorate"]), repeat
        ),
        "attitude panel, whole trust": timed(lambda: attitude(admin, None), repeat),
        "follow-up panel, directorate": timed(
            lambda: practice(manager, world["directorate"]), repeat
        ),
        "follow-up panel, whole trust": timed(lambda: practice(admin, None), repeat),
        "current law, directorate": timed(
            lambda: current_law(manager, world["directorate"]), repeat
        ),
        "current law, whole trust": timed(lambda: current_law(admin, None), repeat),
        "current-law page, directorate": timed(
            page(manager, f"{dashboard}?unit={world['directorate'].pk}&law=current"), repeat
        ),
        "one learner's refresh": timed(
            lambda: services.compliance_refresh(profile_ids=[person.pk]), repeat
        ),
    }
    records = selectors.records_in_scope(manager, unit=world["directorate"]).count()
    results["directorate CSV export"]["rows"] = records
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--courses", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    recreate_database()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    world = seed(args.staff, args.courses)
    seed_s = time.perf_counter() - start
    results = measure(world, args.repeat)
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "staff": args.staff,
        "courses": args.courses,
        "completion rows": world["completions"],
        "compliance records": world["records"],
        "seed_s": round(seed_s, 1),
        "rebuild_s": world["rebuild_s"],
        "law": world["law"],
        "followups": world["followups"],
        "results": results,
        "targets_ms": TARGETS_MS,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "compliance.json").write_text(json.dumps(report, indent=2))
    print(
        f"PostgreSQL: {args.staff} staff x {args.courses} courses, "
        f"{world['completions']} completion rows, {world['records']} compliance records "
        f"(full rebuild {world['rebuild_s']} s)"
    )
    law = world["law"]
    print(f"Follow-ups: {world['followups']} answered, with the statements asked a third time")
    print(
        f"Law: {law['certificates']} certificates on {law['courses']} courses citing a changed "
        f"provision; {law['records on the old law']} records trained on the law before it"
    )
    print(f"{'measure':<30}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'target ms':>11}{'met':>6}")
    failed = 0
    for name, row in results.items():
        target = TARGETS_MS.get(name)
        met = "" if target is None else ("yes" if row["p95_ms"] <= target else "NO")
        failed += met == "NO"
        print(
            f"{name:<30}{row['median_ms']:>10}{row['p95_ms']:>9}{row['queries']:>9}"
            f"{(target or ''):>11}{met:>6}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
