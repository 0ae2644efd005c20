"""Certificate rendering: warm render time against a one-line page, and memory over many renders.

    python -m bench.certificates [--renders 1000]

Prints a table and writes JSON to bench/results/certificates.json. Nothing touches the database:
each certificate is an unsaved model instance rendered through the same template and code path
as production (shared FontConfiguration, data:-only URL fetcher, PDF/UA).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402

django.setup()

from certificates import rendering  # noqa: E402
from certificates.models import Certificate  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def rss_mib() -> float:
    """Current resident set size, from /proc (Linux)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def sample_certificate(n: int) -> Certificate:
    return Certificate(
        code=f"BenchCode{n:013d}",
        learner_name="Siân O'Connor-Ñúñez",
        registration="Nursing and Midwifery Council (NMC) 12A3456E",
        course_title="Working with Independent Mental Health Advocates",
        cpd_hours=Decimal("2.5"),
        participatory_hours=Decimal("0.5"),
        learning_outcomes=[f"Learning outcome number {i} for the benchmark." for i in range(6)],
        code_themes=["prioritise_people", "preserve_safety"],
        module_titles=[f"Module {i}" for i in range(1, 6)],
        content_version="r12/3,4,5,6,7",
        issuer_name="Bridge demonstration trust",
        signatory_name="Dr Ada Okoye",
        signatory_role="Director of Nursing",
        law_as_at=datetime.date(2026, 11, 1),
        completed_at=datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC),
        issued_at=datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC),
        expires_at=datetime.datetime(2029, 11, 26, 10, 0, tzinfo=datetime.UTC),
    )


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--renders", type=int, default=1000, help="total renders for the memory run"
    )
    args = parser.parse_args(argv)

    one_line = "<html lang='en'><head><title>x</title></head><body><p>Hello.</p></body></html>"
    certificate_html = rendering.certificate_html(
        sample_certificate(0), verify_url="https://bridge.example/verify/BenchCode0000000000000/"
    )
    for _ in range(5):  # warm up fonts, caches and imports
        rendering.render_pdf(one_line)
        rendering.certificate_pdf(certificate_html)

    baseline = [timed(lambda: rendering.render_pdf(one_line)) for _ in range(30)]
    renders, rss = [], {}
    rss["start"] = rss_mib()
    for n in range(1, args.renders + 1):
        html = rendering.certificate_html(
            sample_certificate(n), verify_url=f"https://bridge.example/verify/BenchCode{n:013d}/"
        )
        renders.append(timed(lambda html=html: rendering.certificate_pdf(html)))
        if n in (100, args.renders):
            rss[n] = rss_mib()

    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "one_line_median_ms": round(statistics.median(baseline), 2),
        "certificate_median_ms": round(statistics.median(renders[:100]), 2),
        "certificate_p95_ms": round(sorted(renders[:100])[94], 2),
        "ratio_to_one_line": round(
            statistics.median(renders[:100]) / statistics.median(baseline), 2
        ),
        "rss_start_mib": round(rss["start"], 1),
        "rss_after_100_mib": round(rss[100], 1),
        f"rss_after_{args.renders}_mib": round(rss[args.renders], 1),
        "rss_growth_100_to_end_mib": round(rss[args.renders] - rss[100], 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "renders": args.renders,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "certificates.json").write_text(json.dumps(result, indent=2))
    print(f"{'measure':<34} {'value':>10}")
    for key, value in result.items():
        if key not in ("when", "python"):
            print(f"{key:<34} {value:>10}")
    return result


if __name__ == "__main__":
    main()
