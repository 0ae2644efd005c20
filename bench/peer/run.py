"""Times wagtail-lms's learner pages, as bench.course_size times Bridge's. Runs in the peer's venv.

    .bench-peer/bin/python bench/peer/run.py --sizes 5,20,100 --requests 40

Seeds a throwaway SQLite database through wagtail-lms's own models and views: a plain Wagtail page
and, for each N, a course page with N lesson pages (each with text), one learner enrolled through
the enrol view with half the lessons of each complete. Times, through Django's test client as that
learner, the plain page, the first lesson and the course page at each N, exactly as Bridge's pages
are timed (a warm-up request each, then --requests samples taken in turns). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "peersite.settings"
_db = Path(tempfile.gettempdir()) / f"peer-bench-{os.getpid()}.sqlite3"
os.environ["PEER_DB"] = str(_db)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PARAGRAPH = (
    "<p>Advocates help people who are detained to understand their rights and to take part in "
    "decisions about their care. This lesson explains what an advocate does on the ward.</p>"
)


def timed(client, url):
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries.captured_queries)


def measure_interleaved(fns, n, rounds=5):
    """As Bridge's bench.pages.measure_interleaved: the pages' samples taken in turns."""
    samples = {key: [] for key in fns}
    queries = {}
    for fn in fns.values():
        fn()
    for _ in range(rounds):
        for key, fn in fns.items():
            for _ in range(max(1, n // rounds)):
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


def seed(sizes):
    """A plain page, and one course page per size with that many lesson pages; one learner,
    enrolled through the enrol view, who has completed the first half of each course."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site
    from wagtail_lms.models import CoursePage, H5PLessonCompletion, H5PLessonPage

    root = Site.objects.get(is_default_site=True).root_page
    plain = root.add_child(instance=Page(title="About", slug="about"))
    user = get_user_model().objects.create_user("learner", "learner@example.org", "peer-bench")
    client = Client()
    client.force_login(user)
    courses = {}
    for n in sizes:
        course = root.add_child(
            instance=CoursePage(title=f"Course of {n}", slug=f"course-{n}", description=PARAGRAPH)
        )
        lessons = []
        for i in range(n):
            lesson = course.add_child(
                instance=H5PLessonPage(
                    title=f"Lesson {i + 1}",
                    slug=f"lesson-{i + 1}",
                    intro=PARAGRAPH,
                    body=[("paragraph", PARAGRAPH), ("paragraph", PARAGRAPH)],
                )
            )
            lesson.save_revision().publish()
            lessons.append(lesson)
        response = client.post(f"/lms/course/{course.pk}/enroll/")
        assert response.status_code == 302, response.status_code
        for lesson in lessons[: n // 2]:
            H5PLessonCompletion.objects.create(user=user, lesson=lesson)
        courses[n] = (course, lessons)
    return plain, courses, client


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="5,20,100")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes.split(","))
    call_command("migrate", verbosity=0)
    try:
        plain, courses, client = seed(sizes)
        fns = {}
        for n, (course, lessons) in courses.items():
            fns[(n, "plain Wagtail page")] = lambda: timed(client, plain.url)
            fns[(n, "module page")] = lambda url=lessons[0].url: timed(client, url)
            fns[(n, "course page")] = lambda url=course.url: timed(client, url)
        measured = measure_interleaved(fns, args.requests)
    finally:
        connection.close()
        _db.unlink(missing_ok=True)
    results = {str(n): {} for n in sizes}
    for (n, name), figures in measured.items():
        results[str(n)][name] = figures
    import wagtail_lms

    print(json.dumps({"peer": f"wagtail-lms {wagtail_lms.__version__}", "sizes": results}))


if __name__ == "__main__":
    main()
