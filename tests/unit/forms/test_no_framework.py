"""The form definitions and the domain modules they sit beside load no framework.

Each import runs in a fresh interpreter, as the first thing it does, so nothing an earlier
test imported can hide (or cause) a framework import.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
FRAMEWORKS = ("flask", "sqlalchemy", "redis", "rq", "wtforms", "minio")
PROBE = (
    "import sys, importlib\n"
    "for name in sys.argv[1:]: importlib.import_module(name)\n"
    f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FRAMEWORKS!r})\n"
    "print(bad)\n"
    "sys.exit(1 if bad else 0)\n"
)


@pytest.mark.parametrize(
    "modules",
    [
        (
            "shared.forms.registry",
            "shared.forms.checks",
            "shared.forms.present",
            "shared.forms.schema",
            "shared.forms.samples",
        ),
        ("services.scheduler.domain.states",),
        ("services.intake.references",),
    ],
    ids=lambda modules: modules[0],
)
def test_importing_loads_no_framework(modules: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *modules],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_probe_does_see_a_framework() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "flask"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "'flask'" in done.stdout
