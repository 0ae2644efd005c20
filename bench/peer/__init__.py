"""wagtail-lms, the closest peer on the same stack, run beside Bridge by the learner-page benchmark.

It lives in its own virtual environment (`.bench-peer/`), installed from
`bench/peer/requirements.lock` with hashes, so none of its packages reach Bridge's. `run()` builds
that environment when the lock is newer than it, then runs `bench/peer/run.py` there and returns
its figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VENV = ROOT / ".bench-peer"
LOCK = HERE / "requirements.lock"


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    stamp = VENV / ".installed"
    if stamp.exists() and stamp.stat().st_mtime >= LOCK.stat().st_mtime:
        return python
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--require-hashes",
            "--only-binary",
            ":all:",
            "-r",
            str(LOCK),
        ],
        check=True,
    )
    stamp.touch()
    return python


def run(sizes: list[int], requests: int) -> dict:
    python = ensure_venv()
    done = subprocess.run(
        [
            str(python),
            str(HERE / "run.py"),
            "--sizes",
            ",".join(map(str, sizes)),
            "--requests",
            str(requests),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=HERE,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
