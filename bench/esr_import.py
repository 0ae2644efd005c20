"""The ESR import at trust scale: a 10,000-person, 14,000-assignment staff in post file.

    python -m bench.esr_import [--people 10000] [--extra 4000] [--postgres]

Builds a fresh database (SQLite by default; ``--postgres`` uses ``BENCH_DATABASE_URL``, default
``bridge_bench_esr`` on the local server), a trust of 200 teams with a course assigned trust-wide,
and a file as Excel saves it (Windows-1252, UK dates, ESR's column names, one row per assignment,
some rows without an e-mail). Then it times, through ``staff_import`` itself:

- the first dry run and the first apply (everyone new; the compliance table is built too),
- a second dry run of the same file (everyone unchanged), and
- an apply of a file where one person in ten moved ward.

Memory is the peak of Python's own allocations during each step (tracemalloc) and the process's
peak resident set. Prints a table with the budgets and writes bench/results/esr_import.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlparse

RESULTS = Path(__file__).resolve().parent / "results"
# Budgets for the default file on this class of machine (2 cores): seconds and MiB.
# Measured on SQLite: 3.0, 11.2, 2.9 and 4.6 s, 62 MiB; the budgets leave room for a slower disk.
BUDGETS = {
    "dry run (new file)": 8,
    "apply (everyone new)": 30,
    "dry run (unchanged)": 8,
    "apply (1 in 10 moved)": 15,
    "peak traced MiB": 150,
}


def setup(postgres: bool) -> None:
    if postgres:
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_pg"
        url = os.environ.setdefault(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bridge_bench_esr"
        )
        import psycopg

        parts = urlparse(url)
        with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
            name = parts.path.lstrip("/")
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        path = Path(tempfile.gettempdir()) / "bridge-bench-esr.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["BENCH_DB"] = str(path)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


FIRST = ["Ama", "Ben", "Siân", "Zoë", "Tomás", "Priya", "Olu", "Rhys", "Aoife", "Dev", "Grace"]
LAST = ["O’Brien", "Mensah", "Hughes", "Núñez", "Patel", "Jones", "Khan", "Ó Súilleabháin"]
ROLES = [
    ("Staff Nurse", "Registered Nursing"),
    ("Charge Nurse", "Registered Nursing"),
    ("Healthcare Assistant", "Support to Clinical"),
    ("Occupational Therapist", "Allied Health Professionals"),
    ("Consultant Psychiatrist", "Medical"),
]


def seed():
    from organisation.models import OrgUnit
    from tests import builders
    from tracking.services import assignment_create

    trust = OrgUnit.add_root(name="Bench Trust", kind="trust")
    teams = []
    for d in range(8):
        directorate = trust.add_child(name=f"Directorate {d}", kind="directorate")
        for t in range(25):
            teams.append(directorate.add_child(name=f"Ward {d}-{t:02d}", kind="team"))
    course = builders.make_course(modules=0, with_film=False, title="Working with IMHAs")
    assignment_create(
        actor=None, course=course["course"], unit=trust, due_within_days=60, due_from="joining"
    )
    return teams


def esr_file(people: int, extra: int, teams, *, moved_every: int = 0) -> bytes:
    """One row per assignment; ``extra`` people have a bank post as well."""
    rng = random.Random(20261201)
    lines = [
        "Employee Number,Assignment Number,First Name,Last Name,Email Address,Position Title,"
        "Organisation,Staff Group,Assignment Status,Assignment Category,Primary Assignment,"
        "Assignment Start Date"
    ]
    for n in range(people):
        number = f"{10_000_000 + n}"
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = "" if n % 20 == 0 else f"staff.{n}@nhs.net"
        role, group = rng.choice(ROLES)
        team = teams[(n + (1 if moved_every and n % moved_every == 0 else 0)) % len(teams)]
        start = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(5000))
        lines.append(
            f"{number},{number},{first},{last},{email},{role},{team.name},{group},"
            f"Active Assignment,Permanent,Yes,{start:%d/%m/%Y}"
        )
        if n < extra:
            bank = teams[(n * 7 + 3) % len(teams)]
            lines.append(
                f"{number},{number}-2,{first},{last},{email},Bank {role},{bank.name},{group},"
                f"Active Assignment,Bank,No,{start:%d/%m/%Y}"
            )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def measure(label: str, function) -> dict:
    tracemalloc.start()
    started = time.perf_counter()
    report = function()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "step": label,
        "seconds": round(seconds, 2),
        "peak_mib": round(peak / 2**20, 1),
        "report": report,
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--extra", type=int, default=4_000, help="people with a second post")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args(argv)
    setup(args.postgres)

    from django.db import connection

    from organisation.models import StaffAssignment, StaffProfile
    from organisation.services import staff_import
    from tracking.models import ComplianceRecord

    teams = seed()
    data = esr_file(args.people, args.extra, teams)
    moved = esr_file(args.people, args.extra, teams, moved_every=10)

    def run(payload, dry_run):
        return lambda: staff_import(
            data=payload, filename="staff-in-post.csv", actor=None, dry_run=dry_run
        )

    steps = [
        measure("dry run (new file)", run(data, True)),
        measure("apply (everyone new)", run(data, False)),
        measure("dry run (unchanged)", run(data, True)),
        measure("apply (1 in 10 moved)", run(moved, False)),
    ]
    for step in steps:
        assert step["report"].ok and not step["report"].file_error, step["step"]
    assert steps[1]["report"].committed and steps[3]["report"].committed
    assert StaffProfile.objects.count() == args.people
    assert StaffAssignment.objects.count() == args.people + args.extra
    assert steps[2]["report"].count("unchanged") == args.people
    assert ComplianceRecord.objects.count() == args.people

    rows = args.people + args.extra
    peak_traced = max(step["peak_mib"] for step in steps)
    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "database": connection.vendor,
        "people": args.people,
        "rows": rows,
        "file_mib": round(len(data) / 2**20, 2),
        "steps": [
            {
                "step": step["step"],
                "seconds": step["seconds"],
                "ms_per_1000_rows": round(step["seconds"] * 1000 / rows * 1000, 1),
                "peak_traced_mib": step["peak_mib"],
                "budget_s": BUDGETS[step["step"]],
                "within_budget": step["seconds"] <= BUDGETS[step["step"]],
            }
            for step in steps
        ],
        "peak_traced_mib": peak_traced,
        "peak_traced_to_file_ratio": round(peak_traced / (len(data) / 2**20), 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "apply_to_dry_run_ratio": round(steps[1]["seconds"] / steps[0]["seconds"], 2),
        "memory_within_budget": peak_traced <= BUDGETS["peak traced MiB"],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "esr_import.json").write_text(json.dumps(result, indent=2))
    print(
        f"ESR import, {args.people} people / {rows} rows ({result['file_mib']} MiB), "
        f"{result['database']}"
    )
    print(f"{'step':<24} {'seconds':>8} {'budget':>7} {'ms/1000 rows':>13} {'peak MiB':>9}")
    for step in result["steps"]:
        print(
            f"{step['step']:<24} {step['seconds']:>8} {step['budget_s']:>7} "
            f"{step['ms_per_1000_rows']:>13} {step['peak_traced_mib']:>9}"
        )
    print(
        f"peak traced memory {peak_traced} MiB (budget {BUDGETS['peak traced MiB']}), "
        f"{result['peak_traced_to_file_ratio']}x the file; peak RSS {result['peak_rss_mib']} MiB"
    )
    print(f"apply / dry run: {result['apply_to_dry_run_ratio']}x")
    within = all(s["within_budget"] for s in result["steps"]) and result["memory_within_budget"]
    print("within budget" if within else "OVER BUDGET")
    return result


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
