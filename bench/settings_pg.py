"""Benchmark settings on PostgreSQL: the L&D reports at trust scale, in their own database."""

import os

import dj_database_url

from bench.settings import *  # noqa: F403

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bridge_bench")
    )
}
