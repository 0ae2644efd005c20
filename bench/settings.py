"""Benchmark settings: the test settings, a throwaway SQLite file, static files from the finders."""

import os
import tempfile

from lms.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The embedded default's own SQLite options (WAL, synchronous=NORMAL, IMMEDIATE transactions), so
# a write is timed as a pilot site commits it; only the file is the benchmark's.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get(
            "BENCH_DB", os.path.join(tempfile.gettempdir(), "bridge-bench.sqlite3")
        ),
        "OPTIONS": dict(SQLITE_OPTIONS),  # noqa: F405
    }
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
