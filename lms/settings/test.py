"""Tests: fast hashing, mail kept in memory, files in a throwaway folder, tasks run eagerly."""

import os
import tempfile

from .base import *

SECRET_KEY = "test-only-not-secret-" + "x" * 40
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True

_tmp = Path(tempfile.mkdtemp(prefix="bridge-test-"))
MEDIA_ROOT = _tmp / "media"
PRIVATE_STORAGE_ROOT = _tmp / "private"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_STORAGE_ROOT
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
BRIDGE_REGISTRATION_DOMAINS = ["nhs.net", "example-trust.nhs.uk"]
WAGTAILADMIN_BASE_URL = BASE_URL = "http://testserver"
# The browser tests' live server plays the demo film, so it serves uploaded media itself.
SERVE_MEDIA = True

# On SQLite, the test database is a file rather than shared memory: the browser tests' live server
# thread then has its own connection instead of sharing the test thread's.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # make test-fast keeps one at a fixed path (BRIDGE_TEST_DB) so pytest --reuse-db can reuse it.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("BRIDGE_TEST_DB") or str(_tmp / "test.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["timeout"] = 30
