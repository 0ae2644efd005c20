"""Learner pages against the size of the course: one course at N modules, half of them complete.

    python -m bench.course_size [--sizes 5,20,100] [--requests 40]

Seeds its own SQLite database (a temporary file) with a course of the largest N modules (each with
a film and a knowledge check, as the builders make them), a learner who has completed half, and
for each N unpublishes the modules beyond it. Times the module page (the first module) and the
course page through Django's test client, with a plain Wagtail page (the course index) as the
yardstick. Prints medians, query counts and the ratio of the largest N to the smallest, and writes
bench/results/course_size.json. The target: both pages flat in N (ratio within 1.15, the same
number of queries at every N).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
_db = Path(tempfile.gettempdir()) / "bridge-bench-course-size.sqlite3"
_db.unlink(missing_ok=True)
os.environ["BENCH_DB"] = str(_db)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.pages import measure, timed  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
FLAT = 1.15


def seed(largest: int):
    from courses import services as course_services
    from tests import builders

    course = builders.make_course(modules=largest)
    user = builders.make_user(email="bench.learner@nhs.net")
    course_services.enrolment_ensure(user=user, course=course["course"])
    for module in course["modules"][: largest // 2]:
        _complete(user, module)
    return course, user


def _complete(user, module):
    """Completed as the learner does it: transcript confirmed, knowledge check passed."""
    from courses import services as course_services
    from quizzes import services as quiz_services
    from tests import builders

    course_services.transcript_confirm(user=user, module=module)
    for block in module.quiz_blocks():
        attempt = quiz_services.attempt_start(
            user=user, quiz=block.value["quiz"], context_id=module.pk
        )
        quiz_services.attempt_submit(
            attempt=attempt, answers={q.pk: builders.right_raw(q) for q in attempt.questions()}
        )


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,20,100")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes.split(","))
    call_command("migrate", verbosity=0)

    from courses.models import CourseIndexPage, ModulePage

    course, user = seed(sizes[-1])
    modules = course["modules"]
    client = Client()
    client.force_login(user)
    index_url = CourseIndexPage.objects.get().url
    results = {}
    for n in sorted(sizes, reverse=True):
        for module in modules[n:]:
            page = ModulePage.objects.get(pk=module.pk)
            if page.live:
                page.unpublish()
        assert ModulePage.objects.live().count() == n
        first = ModulePage.objects.get(pk=modules[0].pk)
        results[n] = {
            "plain Wagtail page": measure(lambda: timed(client, "get", index_url), args.requests),
            "module page": measure(
                lambda first=first: timed(client, "get", first.url), args.requests
            ),
            "course page": measure(
                lambda: timed(client, "get", course["course"].url), args.requests
            ),
        }
    small, large = results[sizes[0]], results[sizes[-1]]
    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "sizes": {str(n): results[n] for n in sizes},
        "flat": {},
    }
    print(
        f"{'page':<20}"
        + "".join(f"{f'N={n} ms':>11}{'q':>4}" for n in sizes)
        + f"{'ratio':>8}  met"
    )
    for name in ("plain Wagtail page", "module page", "course page"):
        ratio = round(large[name]["median_ms"] / small[name]["median_ms"], 2)
        same_queries = len({results[n][name]["queries"] for n in sizes}) == 1
        met = ratio <= FLAT and same_queries
        result["flat"][name] = {"ratio": ratio, "same_queries": same_queries, "met": met}
        cells = "".join(
            f"{results[n][name]['median_ms']:>11}{results[n][name]['queries']:>4}" for n in sizes
        )
        print(f"{name:<20}{cells}{ratio:>8}  {'met' if met else 'NOT MET'}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "course_size.json").write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
    sys.exit(0)
