"""Times wagtail-lms's learner pages, as bench.course_size times Bridge's. Runs in the peer's venv.

    .bench-peer/bin/python bench/peer/run.py --sizes 5,20,100 --requests 40

Seeds a throwaway SQLite database through wagtail-lms's own models and views: a course page with
the largest N lesson pages (each with text), a learner enrolled through the enrol view, half the
lessons complete. For each N it unpublishes the lessons beyond it, then times, through Django's
test client as that learner, a plain Wagtail page, the first lesson and the course page, exactly
as Bridge's pages are timed (a warm-up request, then the median of --requests). Prints JSON.
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


def measure(fn, n):
    fn()
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


def seed(largest):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site
    from wagtail_lms.models import CoursePage, H5PLessonCompletion, H5PLessonPage

    root = Site.objects.get(is_default_site=True).root_page
    plain = root.add_child(instance=Page(title="About", slug="about"))
    course = root.add_child(
        instance=CoursePage(title="Working with advocates", slug="course", description=PARAGRAPH)
    )
    lessons = []
    for i in range(largest):
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
    user = get_user_model().objects.create_user("learner", "learner@example.org", "peer-bench")
    client = Client()
    client.force_login(user)
    response = client.post(f"/lms/course/{course.pk}/enroll/")
    assert response.status_code == 302, response.status_code
    for lesson in lessons[: largest // 2]:
        H5PLessonCompletion.objects.create(user=user, lesson=lesson)
    return plain, course, lessons, client


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="5,20,100")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes.split(","))
    call_command("migrate", verbosity=0)
    try:
        from wagtail_lms.models import H5PLessonPage

        plain, course, lessons, client = seed(sizes[-1])
        results = {}
        for n in sorted(sizes, reverse=True):
            for lesson in lessons[n:]:
                page = H5PLessonPage.objects.get(pk=lesson.pk)
                if page.live:
                    page.unpublish()
            assert H5PLessonPage.objects.live().count() == n
            results[str(n)] = {
                "plain Wagtail page": measure(lambda: timed(client, plain.url), args.requests),
                "module page": measure(lambda: timed(client, lessons[0].url), args.requests),
                "course page": measure(lambda: timed(client, course.url), args.requests),
            }
    finally:
        connection.close()
        _db.unlink(missing_ok=True)
    import wagtail_lms

    print(json.dumps({"peer": f"wagtail-lms {wagtail_lms.__version__}", "sizes": results}))


if __name__ == "__main__":
    main()
