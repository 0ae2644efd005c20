"""A real Celery worker, with Redis as the broker, renders a certificate off the request path."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


ISSUE = """
from django.utils import timezone
from certificates.services import certificate_issue
from courses.models import CourseCompletion
from tests import builders
course = builders.make_course(modules=1)
user = builders.make_user(email="worker@nhs.net", first_name="Wren")
completion = CourseCompletion.objects.create(
    user=user, course=course["course"], completed_at=timezone.now()
)
certificate_issue(completion=completion)
"""
CHECK = (
    "from certificates.models import Certificate; "
    "c = Certificate.objects.get(); print(c.sha256 or 'pending')"
)


@pytest.mark.slow
@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_worker_renders_a_certificate(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_STORAGE_ROOT": str(tmp_path / "private"),
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert manage("migrate", "--noinput").returncode == 0
    issued = manage("shell", "-c", ISSUE)
    assert issued.returncode == 0, issued.stderr
    assert (
        manage("shell", "-c", CHECK).stdout.strip().endswith("pending")
    )  # queued, not rendered inline
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        result = "pending"
        while time.monotonic() < deadline:
            result = manage("shell", "-c", CHECK).stdout.strip().splitlines()[-1]
            if result != "pending":
                break
            time.sleep(1)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert len(result) == 64, output[-3000:]
