"""Learner pages against the size of the course, side by side with the peer (wagtail-lms).

    python -m bench.course_size [--sizes 5,20,100] [--requests 40] [--no-peer]

Seeds its own SQLite database (a temporary file) with a course of the largest N modules (each with
a film and a knowledge check, as the builders make them), a learner who has completed half, and
for each N unpublishes the modules beyond it. Times, through Django's test client as that learner,
a plain Wagtail page (the course index), the module page (the first module), the course page and
a knowledge-check submit. The peer, wagtail-lms 0.11.1 in its own locked virtual environment
(bench/peer), is seeded through its own models and views and timed the same way in the same run.
Prints both side by side and each target, met or not; writes bench/results/course_size.json.
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

from bench.pages import measure_interleaved, timed  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
FLAT = 1.15
PAGES = ("plain Wagtail page", "module page", "course page")


def seed(largest: int, user=None):
    """A course of ``largest`` modules, and a learner (``user``, or a new one) enrolled who has
    completed the first half."""
    from courses import services as course_services
    from tests import builders

    course = builders.make_course(modules=largest, title=f"Course of {largest} modules")
    user = user or builders.make_user(email="bench.learner@nhs.net")
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
    parser.add_argument("--no-peer", action="store_true", help="Bridge alone, no targets")
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes.split(","))
    peer = None
    if not args.no_peer:
        from bench import peer as peer_bench

        peer = peer_bench.run(sizes, args.requests)
    call_command("migrate", verbosity=0)

    from courses.models import CourseIndexPage
    from quizzes import services as quiz_services
    from tests import builders

    # One course of each size, the same learner half-way through each, timed in turns.
    user, courses = None, {}
    for n in sizes:
        courses[n], user = seed(n, user)
    client = Client()
    client.force_login(user)
    submitter = builders.make_user(email="bench.submitter@nhs.net")
    submit_client = Client()
    submit_client.force_login(submitter)
    index_url = CourseIndexPage.objects.get().url

    def quiz_submit(module):
        quiz = module.knowledge_quiz()
        attempt = quiz_services.attempt_start(user=submitter, quiz=quiz, context_id=module.pk)
        fields = builders.form_fields({q.pk: builders.right_raw(q) for q in attempt.questions()})
        return timed(
            submit_client,
            "post",
            f"/modules/{module.pk}/quiz/submit/",
            {"attempt": attempt.pk, **fields},
        )

    fns = {}
    for n in sizes:
        first, course_url = courses[n]["modules"][0], courses[n]["course"].url
        submit_client.get(first.url)  # enrols
        fns[(n, "plain Wagtail page")] = lambda: timed(client, "get", index_url)
        fns[(n, "module page")] = lambda first=first: timed(client, "get", first.url)
        fns[(n, "course page")] = lambda url=course_url: timed(client, "get", url)
        fns[(n, "quiz submit")] = lambda first=first: quiz_submit(first)
    measured = measure_interleaved(fns, args.requests)
    results = {n: {} for n in sizes}
    for (n, name), figures in measured.items():
        results[n][name] = figures
    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "sizes": {str(n): results[n] for n in sizes},
        "peer": peer,
        "targets": targets(results, peer, sizes),
    }
    print_tables(result, sizes)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "course_size.json").write_text(json.dumps(result, indent=2))
    return result


def targets(results: dict, peer: dict | None, sizes: list[int]) -> list[dict]:
    """Each target of the learner pages, with the figure that meets it or not."""

    def ours(page, n):
        return results[n][page]

    def theirs(page, n):
        return peer["sizes"][str(n)][page] if peer else None

    rows = []
    small, large = sizes[0], sizes[-1]

    def flat(page):
        ratio = round(ours(page, large)["median_ms"] / ours(page, small)["median_ms"], 2)
        same = len({ours(page, n)["queries"] for n in sizes}) == 1
        return ratio, same

    # Plain page: within 1.1x the peer's at every N, at most 5 queries.
    plain_q = max(ours("plain Wagtail page", n)["queries"] for n in sizes)
    if peer:
        worst = max(
            ours("plain Wagtail page", n)["median_ms"]
            / theirs("plain Wagtail page", n)["median_ms"]
            for n in sizes
        )
        rows.append(
            {
                "measure": "plain Wagtail page",
                "target": "<= 1.1x the peer's plain page, <= 5 queries",
                "figure": f"{worst:.2f}x the peer at worst; {plain_q} queries "
                f"(peer {theirs('plain Wagtail page', large)['queries']})",
                "met": worst <= 1.1 and plain_q <= 5,
            }
        )
    # Module page: no slower than the peer's lesson page at any N, <= 10 queries, flat.
    ratio, same = flat("module page")
    module_q = max(ours("module page", n)["queries"] for n in sizes)
    if peer:
        beats = all(
            ours("module page", n)["median_ms"] <= theirs("module page", n)["median_ms"]
            for n in sizes
        )
        figures = ", ".join(
            f"N={n} {ours('module page', n)['median_ms']} vs "
            f"{theirs('module page', n)['median_ms']} ms"
            for n in sizes
        )
        rows.append(
            {
                "measure": "module page",
                "target": "<= the peer's lesson page at N = " + ", ".join(map(str, sizes)),
                "figure": figures,
                "met": beats,
            }
        )
    rows.append(
        {
            "measure": "module page",
            "target": "<= 10 queries, the same at every N",
            "figure": f"{module_q} queries" + ("" if same else " (not the same at every N)"),
            "met": module_q <= 10 and same,
        }
    )
    rows.append(
        {
            "measure": "module page",
            "target": f"flat in N (N={large} within {FLAT}x N={small})",
            "figure": f"{ratio}x",
            "met": ratio <= FLAT and same,
        }
    )
    # Course page: no slower than the peer's, flat in N.
    ratio, same = flat("course page")
    if peer:
        beats = all(
            ours("course page", n)["median_ms"] <= theirs("course page", n)["median_ms"]
            for n in sizes
        )
        figures = ", ".join(
            f"N={n} {ours('course page', n)['median_ms']} vs "
            f"{theirs('course page', n)['median_ms']} ms"
            for n in sizes
        )
        rows.append(
            {
                "measure": "course page",
                "target": "<= the peer's course page",
                "figure": figures,
                "met": beats,
            }
        )
    rows.append(
        {
            "measure": "course page",
            "target": f"flat in N (N={large} within {FLAT}x N={small}, same queries)",
            "figure": f"{ratio}x, {ours('course page', large)['queries']} queries",
            "met": ratio <= FLAT and same,
        }
    )
    # Quiz submit: within 1.3x the plain page, <= 12 queries.
    worst = max(
        ours("quiz submit", n)["median_ms"] / ours("plain Wagtail page", n)["median_ms"]
        for n in sizes
    )
    submit_q = max(ours("quiz submit", n)["queries"] for n in sizes)
    rows.append(
        {
            "measure": "quiz submit",
            "target": "<= 1.3x the plain page, <= 12 queries",
            "figure": f"{worst:.2f}x at worst; {submit_q} queries",
            "met": worst <= 1.3 and submit_q <= 12,
        }
    )
    return rows


def print_tables(result: dict, sizes: list[int]) -> None:
    peer = result["peer"]
    head = "".join(f"{f'N={n} ms':>10}{'q':>4}" for n in sizes)
    print(f"{'Bridge':<20}{head}")
    for name in (*PAGES, "quiz submit"):
        cells = "".join(
            f"{result['sizes'][str(n)][name]['median_ms']:>10}{result['sizes'][str(n)][name]['queries']:>4}"
            for n in sizes
        )
        print(f"{name:<20}{cells}")
    if peer:
        print(f"\n{peer['peer']:<20}{head}")
        for name in PAGES:
            cells = "".join(
                f"{peer['sizes'][str(n)][name]['median_ms']:>10}{peer['sizes'][str(n)][name]['queries']:>4}"
                for n in sizes
            )
            label = "lesson page" if name == "module page" else name
            print(f"{label:<20}{cells}")
    print()
    for row in result["targets"]:
        print(f"{'met    ' if row['met'] else 'NOT MET'}  {row['measure']}: {row['target']}")
        print(f"         {row['figure']}")


if __name__ == "__main__":
    main()
    sys.exit(0)
