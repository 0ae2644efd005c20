"""What the load test measures besides locust's own figures: CPU per part of the stack, every
acknowledged write found afterwards, and the summary with targets met or not."""

from __future__ import annotations

import csv
import json
import os
import threading
from pathlib import Path

DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bridge_load"
)


PARTS = ("gunicorn", "postgres", "celery", "locust", "redis")


class CpuSampler(threading.Thread):
    """CPU time used by each part during the run, sampled every second so that processes which
    end (database backends at a restart, locust at the end) still count."""

    def __init__(self):
        super().__init__(daemon=True)
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.stopped = threading.Event()

    def sample(self) -> None:
        import psutil

        for process in psutil.process_iter(["pid", "name", "cmdline", "cpu_times"]):
            command = " ".join(process.info["cmdline"] or [process.info["name"] or ""])
            times = process.info["cpu_times"]
            part = next((p for p in PARTS if p in command), None)
            if part is None or times is None:
                continue
            used = times.user + times.system
            self.first.setdefault(process.info["pid"], used)
            self.last[process.info["pid"]] = (part, used)

    def run(self) -> None:
        while not self.stopped.wait(1.0):
            self.sample()

    def cores(self, seconds: float) -> dict[str, float]:
        totals = dict.fromkeys(PARTS, 0.0)
        for pid, (part, used) in self.last.items():
            totals[part] += used - self.first[pid]
        return {part: round(total / seconds, 2) for part, total in totals.items()}


def check_acks(env) -> dict:
    """Every acknowledged write is in the database once."""
    import psycopg

    acks = [
        json.loads(line)
        for line in Path(env["LOADTEST_ACKS"]).read_text().splitlines()
        if line.strip()
    ]
    attempts = {a["attempt"] for a in acks if a["kind"] == "attempt"}
    completions = {a["completion"] for a in acks if a["kind"] == "completion"}
    checkpoints = {
        (a["user"], a["module"], a["question"]) for a in acks if a["kind"] == "checkpoint"
    }
    with psycopg.connect(DATABASE_URL) as conn:
        graded = {
            row[0]
            for row in conn.execute(
                "SELECT id FROM quizzes_quizattempt WHERE status = 'graded' AND id = ANY(%s)",
                [list(attempts)],
            )
        }
        stored = {
            row[0]
            for row in conn.execute(
                "SELECT id FROM courses_coursecompletion WHERE id = ANY(%s)", [list(completions)]
            )
        }
        duplicate_rounds = conn.execute(
            "SELECT count(*) FROM (SELECT user_id, course_id, round FROM courses_coursecompletion"
            " GROUP BY 1, 2, 3 HAVING count(*) > 1) d"
        ).fetchone()[0]
        duplicate_certificates = conn.execute(
            "SELECT count(*) FROM (SELECT completion_id FROM certificates_certificate"
            " GROUP BY 1 HAVING count(*) > 1) d"
        ).fetchone()[0]
        answers = {
            (row[0], row[1], row[2])
            for row in conn.execute(
                "SELECT u.email, a.module_id, a.question_id FROM courses_checkpointanswer a"
                " JOIN accounts_user u ON u.id = a.user_id"
            )
        }
    return {
        "acknowledged quiz submissions": len(attempts),
        "of which graded in the database": len(graded),
        "acknowledged completions": len(completions),
        "of which stored": len(stored),
        "acknowledged checkpoint answers": len(checkpoints),
        "of which saved": len(checkpoints & answers),
        "duplicate completion rounds": duplicate_rounds,
        "duplicate certificates": duplicate_certificates,
        "lost": (len(attempts) - len(graded))
        + (len(completions) - len(stored))
        + (len(checkpoints) - len(checkpoints & answers)),
    }


def summary(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    aggregated = next(r for r in rows if r["Name"] == "Aggregated")
    by_name = {
        r["Name"]: {
            "requests": int(r["Request Count"]),
            "failures": int(r["Failure Count"]),
            "median_ms": float(r["Median Response Time"]),
            "p95_ms": float(r["95%"]),
        }
        for r in rows
        if r["Name"] != "Aggregated"
    }
    failures = []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv") as handle:
            failures = [
                {"name": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
                for r in csv.DictReader(handle)
            ]
    return {
        "requests": int(aggregated["Request Count"]),
        "failures": int(aggregated["Failure Count"]),
        "requests_per_s": round(float(aggregated["Requests/s"]), 1),
        "median_ms": float(aggregated["Median Response Time"]),
        "p95_ms": float(aggregated["95%"]),
        "p99_ms": float(aggregated["99%"]),
        "by_request": by_name,
        "failure_kinds": failures,
    }
