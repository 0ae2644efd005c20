"""A trust-sized load test of the learner journey: gunicorn, production settings, PostgreSQL, Redis.

    python -m bench.loadtest [--users 50] [--minutes 5] [--restart-db-at SECONDS]

Everything stays on loopback and stops by itself: it creates its own database (``bridge_load``),
loads the demo course and ``--users`` learners, starts gunicorn and a Celery worker with
``lms.settings.production``, runs locust headless for ``--minutes``, then stops them all and
checks every acknowledged answer and completion against the database. With
``--restart-db-at``, PostgreSQL is restarted that many seconds into the run.
Prints a table and writes bench/results/loadtest.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from bench.loadcheck import DATABASE_URL, CpuSampler, check_acks, summary

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
PORT = int(os.environ.get("LOADTEST_PORT", "8765"))
REDIS_URL = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/5")
PASSWORD = "load-test-learner-2026"  # noqa: S105 - throwaway accounts in a throwaway database
TARGETS = {"requests_per_s": 125, "p95_ms": 300, "errors": 0}


def environment(workdir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CONN_MAX_AGE": "60",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BASE_URL": f"http://127.0.0.1:{PORT}",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_STORAGE_ROOT": str(workdir / "private"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOADTEST_JOURNEY": str(workdir / "journey.json"),
        "LOADTEST_ACKS": str(workdir / "acks.jsonl"),
        "PYTHONUNBUFFERED": "1",
    }


def recreate_database() -> None:
    import psycopg

    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def setup_journey(users: int) -> None:
    """Runs in a child process with the production settings: learners and the journey map."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from courses.models import CoursePage, ModulePage
    from quizzes.models import Question
    from tests.builders import right_raw

    course = CoursePage.objects.live().get(slug="working-with-imhas")
    password = make_password(PASSWORD)
    verified = timezone.now()  # the addresses are confirmed, as sign-in requires
    emails = [f"load{n:04d}@example.nhs.uk" for n in range(users)]
    User.objects.bulk_create(
        User(
            username=e,
            email=e,
            email_verified_at=verified,
            first_name="Load",
            last_name=f"Learner{n}",
            password=password,
        )
        for n, e in enumerate(emails)
    )
    modules, question_ids = [], set()
    for module in ModulePage.objects.live_in(course).specific():
        films = []
        for film in module.films():
            checkpoints = []
            for checkpoint in film.value["checkpoints"]:
                question = checkpoint["question"].get_real_instance()
                checkpoints.append({"question": question.pk, "answer": right_raw(question)})
            films.append(
                {
                    "block": film.id,
                    "duration": film.value.get("duration"),
                    "checkpoints": checkpoints,
                }
            )
        quizzes = []
        for block in module.quiz_blocks():
            quiz = block.value["quiz"]
            question_ids.update(quiz.quiz_questions.values_list("question_id", flat=True))
            if quiz.draw_tag:
                question_ids.update(
                    Question.objects.filter(tags__name=quiz.draw_tag).values_list("pk", flat=True)
                )
            quizzes.append({"quiz": quiz.pk, "purpose": block.value["purpose"]})
        modules.append(
            {
                "id": module.pk,
                "url": module.url,
                "films": films,
                "quizzes": quizzes,
                "reflection": module.require_reflection,
            }
        )
    # The polymorphic manager returns each question as its own type.
    answers = {str(q.pk): right_raw(q) for q in Question.objects.filter(pk__in=question_ids)}
    journey = {
        "course": {"id": course.pk, "url": course.url, "modules": modules},
        "answers": answers,
        "learners": emails,
        "password": PASSWORD,
    }
    Path(os.environ["LOADTEST_JOURNEY"]).write_text(json.dumps(journey))


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def restart_postgres(after: float, log: list) -> None:
    time.sleep(after)
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )
    log.append({"restarted_at_s": after, "restart_took_s": round(time.monotonic() - started, 1)})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--steps-per-second", type=float, default=2.6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--restart-db-at", type=float, default=None)
    parser.add_argument("--setup-journey", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.setup_journey is not None:
        setup_journey(args.setup_journey)
        return 0

    import tempfile

    workdir = Path(tempfile.mkdtemp(prefix="bridge-load-"))
    env = environment(workdir)
    env["LOADTEST_STEPS_PER_SECOND"] = str(args.steps_per_second)
    print(f"== preparing {DATABASE_URL.rsplit('/', 1)[1]} (work files in {workdir})", flush=True)
    recreate_database()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo", "--course-only")
    subprocess.run(
        [sys.executable, "-m", "bench.loadtest", "--setup-journey", str(args.users)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], check=True, stdout=subprocess.DEVNULL)
    processes = []
    logs = open(workdir / "server.log", "w")  # noqa: SIM115
    try:
        processes.append(
            subprocess.Popen(
                [
                    str(VENV_BIN / "gunicorn"),
                    "lms.wsgi:application",
                    f"--bind=127.0.0.1:{PORT}",
                    f"--workers={args.workers}",
                    f"--worker-class={args.worker_class}",
                    f"--threads={args.threads if args.worker_class == 'gthread' else 1}",
                    "--timeout=30",
                    "--keep-alive=10",  # longer than a client waits before a retry
                ],
                cwd=ROOT,
                env=env,
                stdout=logs,
                stderr=logs,
            )
        )
        processes.append(
            subprocess.Popen(
                [
                    str(VENV_BIN / "celery"),
                    "-A",
                    "lms",
                    "worker",
                    "--concurrency=1",
                    "--loglevel=WARNING",
                ],
                cwd=ROOT,
                env=env,
                stdout=logs,
                stderr=logs,
            )
        )
        wait_for(f"http://127.0.0.1:{PORT}/accounts/sign-in/")
        restarts: list = []
        if args.restart_db_at is not None:
            threading.Thread(
                target=restart_postgres, args=(args.restart_db_at, restarts), daemon=True
            ).start()
        prefix = workdir / "locust"
        sampler = CpuSampler()
        sampler.sample()
        sampler.start()
        wall_start = time.monotonic()
        print(
            f"== locust: {args.users} learners for {args.minutes} min against gunicorn "
            f"({args.workers} {args.worker_class} workers"
            + (f" x {args.threads} threads" if args.worker_class == "gthread" else "")
            + f") on 127.0.0.1:{PORT}",
            flush=True,
        )
        subprocess.run(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                f"--users={args.users}",
                f"--spawn-rate={max(1, args.users // 10)}",
                f"--run-time={int(args.minutes * 60)}s",
                f"--host=http://127.0.0.1:{PORT}",
                f"--csv={prefix}",
                "--only-summary",
                "--stop-timeout=10",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / "locust.log", "w"),  # noqa: SIM115
        )
        wall = time.monotonic() - wall_start
        sampler.stopped.set()
        sampler.join()
        cores_used = sampler.cores(wall)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        logs.close()
    stats = summary(prefix)
    integrity = check_acks(env)
    rate = stats["requests_per_s"] or 1
    cpu_ms_per_request = {tier: round(cores * 1000 / rate, 2) for tier, cores in cores_used.items()}
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "users": args.users,
        "minutes": args.minutes,
        "workers": args.workers,
        "worker_class": args.worker_class,
        "threads": args.threads if args.worker_class == "gthread" else 1,
        "postgres_restart": restarts,
        "cores_used": cores_used,
        "cores_available": os.cpu_count(),
        "cpu_ms_per_request": cpu_ms_per_request,
        **stats,
        "integrity": integrity,
        "targets": TARGETS,
    }
    RESULTS.mkdir(exist_ok=True)
    name = "loadtest-restart.json" if args.restart_db_at is not None else "loadtest.json"
    (RESULTS / name).write_text(json.dumps(report, indent=2))
    print(f"{'request':<22}{'count':>8}{'fails':>7}{'median ms':>11}{'p95 ms':>8}")
    for request_name, row in sorted(stats["by_request"].items()):
        print(
            f"{request_name:<22}{row['requests']:>8}{row['failures']:>7}"
            f"{row['median_ms']:>11}{row['p95_ms']:>8}"
        )
    print(
        f"\nall requests: {stats['requests']} in {args.minutes} min = "
        f"{stats['requests_per_s']} req/s (target {TARGETS['requests_per_s']}), "
        f"p95 {stats['p95_ms']} ms (target {TARGETS['p95_ms']}), "
        f"failures {stats['failures']} (target 0)"
    )
    for failure in stats["failure_kinds"]:
        print(f"  failure: {failure['count']} x {failure['name']}: {failure['error'][:120]}")
    print(f"cores busy on average (of {os.cpu_count()}): {cores_used}")
    print(f"CPU ms per request, by tier: {cpu_ms_per_request}")
    if restarts:
        print(f"PostgreSQL restarted: {restarts}")
    for key, value in integrity.items():
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
