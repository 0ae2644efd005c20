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
    print(f"peer: installing {LOCK.relative_to(ROOT)} into {VENV.name}/", flush=True)
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    _run(
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
        ]
    )
    stamp.touch()
    return python


def _run(command: list[str], **kwargs) -> str:
    """Run a command quietly; on failure, show what it said and stop."""
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"peer: {' '.join(command[:3])}… failed ({done.returncode})")
    return done.stdout


def run(sizes: list[int], requests: int) -> dict:
    python = ensure_venv()
    out = _run(
        [
            str(python),
            str(HERE / "run.py"),
            "--sizes",
            ",".join(map(str, sizes)),
            "--requests",
            str(requests),
        ],
        cwd=HERE,
    )
    return json.loads(out.strip().splitlines()[-1])
