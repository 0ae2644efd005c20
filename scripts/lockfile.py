"""Keep the virtual environment equal to requirements.lock, and the lock equal to pyproject.toml.

    python scripts/lockfile.py check   # fail when pyproject.toml and requirements.lock disagree
    python scripts/lockfile.py prune   # uninstall what the venv holds that the lock does not

The lock is written by pip-compile (`make lock`); installs read it with `pip --require-hashes`,
which also refuses a lock that misses a transitive dependency. This script covers what pip cannot
see: a dependency added to, changed in or dropped from pyproject.toml without `make lock`.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
DIRECT = "bridge (pyproject.toml)"
# pip belongs to the venv itself, not to the project.
KEEP = {"pip"}

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_requirements() -> dict[str, str]:
    """The name → version that pyproject.toml pins, runtime and dev alike."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    pins = {}
    for line in lines:
        match = PIN.match(line.strip())
        if not match:
            raise SystemExit(f"pyproject.toml: {line!r} is not pinned with ==")
        pins[normalise(match.group(1))] = match.group(3)
    return pins


def locked() -> tuple[dict[str, str], set[str]]:
    """The lock's name → version, and the names it records as direct dependencies."""
    versions: dict[str, str] = {}
    direct: set[str] = set()
    current = None
    for raw in LOCK.read_text().splitlines():
        match = PIN.match(raw)
        if match:
            current = normalise(match.group(1))
            versions[current] = match.group(3)
        elif current and raw.strip().lstrip("#").strip() in (f"via {DIRECT}", DIRECT):
            direct.add(current)
    return versions, direct


def check() -> list[str]:
    wanted = direct_requirements()
    versions, direct = locked()
    problems = []
    for name, version in sorted(wanted.items()):
        if name not in versions:
            problems.append(f"{name}=={version} is in pyproject.toml but not in the lock")
        elif versions[name] != version:
            problems.append(f"{name}: pyproject.toml pins {version}, the lock {versions[name]}")
    for name in sorted(direct - set(wanted)):
        problems.append(f"{name} is locked as a direct dependency but is not in pyproject.toml")
    return problems


def prune() -> list[str]:
    versions, _ = locked()
    extra = sorted(
        {normalise(dist.metadata["Name"]) for dist in metadata.distributions()}
        - set(versions)
        - KEEP
    )
    if extra:
        # The names come from this venv's own metadata, not from input.
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "pip", "uninstall", "-y", "-q", *extra], check=True
        )
    return extra


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "check":
        problems = check()
        for problem in problems:
            print(f"requirements.lock: {problem}", file=sys.stderr)
        if problems:
            print("Run `make lock` to bring the lock up to date.", file=sys.stderr)
            return 1
        return 0
    if command == "prune":
        for name in prune():
            print(f"removed {name} (not in requirements.lock)")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
