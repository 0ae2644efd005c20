"""The tests' learning record store: Ralph (services/lrs/app.py) with its file-system backend,
served by uvicorn from its own venv (`make services`) on loopback, with a Basic-auth account."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv-lrs" / "bin"
USER, PASSWORD = "bridge", "lrs-test-password"


class LRS:
    def __init__(self):
        if not (VENV / "uvicorn").exists():
            message = f"the learning record store is not installed ({VENV}): run make services"
            if os.environ.get("CI"):
                raise RuntimeError(message)
            pytest.skip(message)
        self.folder = Path(tempfile.mkdtemp(prefix="bridge-lrs-"))
        (self.folder / "data").mkdir()
        hashed = subprocess.run(
            [
                str(VENV / "python"),
                "-c",
                "import bcrypt, sys; "
                "print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(4)).decode())",
                PASSWORD,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        (self.folder / "auth.json").write_text(
            json.dumps(
                [
                    {
                        "username": USER,
                        "hash": hashed,
                        "scopes": ["all"],
                        "agent": {"mbox": "mailto:bridge@example.nhs.uk"},
                    }
                ]
            )
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        self.process = None
        self.start()

    def start(self) -> None:
        env = {
            **os.environ,
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data"),
            "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
            "RALPH_HISTORY_FILE": str(self.folder / "history.json"),
        }
        self.process = subprocess.Popen(
            [
                str(VENV / "uvicorn"),
                "app:app",
                "--app-dir",
                str(ROOT / "services" / "lrs"),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        heartbeat = f"http://127.0.0.1:{self.port}/__heartbeat__"
        for _ in range(150):
            try:
                if requests.get(heartbeat, timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("the learning record store did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None

    def statements(self, **query) -> list[dict]:
        """Every statement the store holds that matches, read through its own xAPI API."""
        found, url, params = [], self.url + "/statements", {"limit": 100, **query}
        while url:
            response = requests.get(
                url,
                params=params,
                auth=(USER, PASSWORD),
                headers={"X-Experience-API-Version": "1.0.3"},
                timeout=10,
            )
            response.raise_for_status()
            body = response.json()
            found.extend(body["statements"])
            more = body.get("more")
            url, params = (f"http://127.0.0.1:{self.port}{more}", None) if more else (None, None)
        return found

    def invalid(self, statements: list[dict]) -> str:
        """Ralph's check of each statement against its xAPI 1.0.3 model: "" when all pass."""
        checked = subprocess.run(
            [str(VENV / "python"), str(ROOT / "services" / "lrs" / "validate.py")],
            input=json.dumps(statements),
            capture_output=True,
            text=True,
        )
        return "" if checked.returncode == 0 else checked.stderr


@pytest.fixture
def lrs_server():
    """A store of its own for each test (it starts in about a second)."""
    server = LRS()
    yield server
    server.stop()


def lrs_settings(settings, server: LRS) -> None:
    settings.BRIDGE_XAPI = {
        "ENDPOINT": server.url,
        "USERNAME": USER,
        "PASSWORD": PASSWORD,
        "TIMEOUT": 5,
    }
