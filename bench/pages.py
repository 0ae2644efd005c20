"""Learner pages against two baselines, at a small size and at 10x, in one process.

    python -m bench.pages [--requests 40]

Seeds its own SQLite database (a temporary file), then times requests through Django's test
client: a bare Django view, a plain Wagtail page (the course index), a static file through
WhiteNoise, and the learner pages. Prints medians, p95s, ratios to the plain Wagtail page and query
counts at both sizes, and writes bench/results/pages.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def timed(client, method, url, data=None, **extra):
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {}, **extra)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code < 400, (url, response.status_code)
    return elapsed, len(queries.captured_queries)


def measure(fn, n):
    fn()  # warm
    times, queries = [], 0
    for _ in range(n):
        elapsed, queries = fn()
        times.append(elapsed)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "queries": queries,
    }


def measure_interleaved(fns: dict, n: int, rounds: int = 5) -> dict:
    """``measure`` for several pages at once, taking their samples in turns (``rounds`` rounds of
    n / rounds each), so a slow minute on the machine falls on all of them alike."""
    samples = {key: [] for key in fns}
    queries = {}
    for fn in fns.values():
        fn()  # warm
    per_round = max(1, n // rounds)
    for _ in range(rounds):
        for key, fn in fns.items():
            for _ in range(per_round):
                elapsed, queries[key] = fn()
                samples[key].append(elapsed)
    result = {}
    for key, times in samples.items():
        times.sort()
        result[key] = {
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
            "queries": queries[key],
        }
    return result


def seed(size: int):
    """``size`` more courses (5 modules each) and 10 learners per course, with progress."""
    from courses import services as course_services
    from quizzes import services as quiz_services
    from tests import builders

    for _ in range(size):
        extra = builders.make_course(modules=5)
        for _learner in range(10):
            user = builders.make_user()
            module, quiz = extra["modules"][0], extra["quizzes"][0]
            course_services.enrolment_ensure(user=user, course=extra["course"])
            course_services.transcript_confirm(user=user, module=module)
            attempt = quiz_services.attempt_start(user=user, quiz=quiz, context_id=module.pk)
            quiz_services.attempt_submit(
                attempt=attempt, answers={q.pk: builders.right_raw(q) for q in attempt.questions()}
            )


def run_size(label: str, n: int) -> dict:
    from courses.models import CourseIndexPage, CoursePage, ModulePage
    from quizzes import services as quiz_services
    from tests import builders

    learner = builders.make_user(email=f"bench-{label}@nhs.net")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(learner)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    course = CoursePage.objects.get(slug="working-with-imhas")
    module = ModulePage.objects.live_in(course)[1]
    index = CourseIndexPage.objects.first()
    quiz = module.knowledge_quiz()
    # The bench submits the check dozens of times: lift the demo's limit of attempts, in the
    # bench's own throwaway database only (a save, so what is remembered is bumped too).
    quiz.attempts_allowed, quiz.attempt_wait_minutes = 0, None
    quiz.save(update_fields=["attempts_allowed", "attempt_wait_minutes"])

    def quiz_submit():
        attempt = quiz_services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
        fields = builders.form_fields({q.pk: builders.right_raw(q) for q in attempt.questions()})
        return timed(
            client, "post", f"/modules/{module.pk}/quiz/submit/", {"attempt": attempt.pk, **fields}
        )

    client.get(module.url)  # enrol
    results = {
        "bare Django view": measure(lambda: timed(anonymous, "get", "/bench/bare/"), n),
        "plain Wagtail page": measure(lambda: timed(anonymous, "get", index.url), n),
        "static file (WhiteNoise)": measure(
            lambda: timed(anonymous, "get", "/static/bridge/bridge.css"), n
        ),
        "module page": measure(lambda: timed(client, "get", module.url), n),
        "course page": measure(lambda: timed(client, "get", course.url), n),
        "My training": measure(lambda: timed(client, "get", "/my-training/"), n),
    }
    quiz_services.attempt_start(user=learner, quiz=quiz, context_id=module.pk)
    results["quiz page (attempt open)"] = measure(lambda: timed(client, "get", module.url), n)
    # Submits use fresh attempts; finish the open one first.
    results["quiz submit"] = measure(quiz_submit, max(10, n // 4))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)
    db = Path(connection.settings_dict["NAME"])
    if db.exists():
        db.unlink()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", "--course-only", stdout=quiet)
    sizes = {}
    seed(1)
    sizes["small"] = run_size("small", args.requests)
    seed(9)
    sizes["10x"] = run_size("large", args.requests)
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "sizes": sizes,
    }
    for size in sizes.values():
        base = size["plain Wagtail page"]
        for row in size.values():
            row["median_ratio"] = round(row["median_ms"] / base["median_ms"], 2)
            row["p95_ratio"] = round(row["p95_ms"] / base["p95_ms"], 2)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pages.json").write_text(json.dumps(report, indent=2))
    print(
        f"{'page':<28}{'median ms':>10}{'p95 ms':>9}{'p95 ratio':>10}{'queries':>9}"
        f"{'queries 10x':>12}{'p95 ratio 10x':>14}"
    )
    for name, row in sizes["small"].items():
        big = sizes["10x"][name]
        print(
            f"{name:<28}{row['median_ms']:>10}{row['p95_ms']:>9}{row['p95_ratio']:>10}{row['queries']:>9}"
            f"{big['queries']:>12}{big['p95_ratio']:>14}"
        )
    db.unlink()
    return report


if __name__ == "__main__":
    sys.exit(main() and 0)
