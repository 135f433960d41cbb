"""Every module of the scheduler's domain loads no framework (ENGINEERING.md practice 2).

Each module is imported in a fresh interpreter, as tests/unit/forms/test_no_framework.py
does, so nothing an earlier test imported can hide a framework import.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.forms.test_no_framework import PROBE, REPO_ROOT

DOMAIN = REPO_ROOT / "services" / "scheduler" / "domain"
MODULES = sorted(
    f"services.scheduler.domain.{path.stem}"
    for path in DOMAIN.glob("*.py")
    if path.stem != "__init__"
)


def test_the_domain_modules_are_all_listed() -> None:
    assert "services.scheduler.domain.actions" in MODULES
    assert len(MODULES) >= 17


@pytest.mark.parametrize("module", MODULES)
def test_a_domain_module_loads_no_framework(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        cwd=Path(REPO_ROOT),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("module", MODULES)
def test_a_domain_module_stays_small(module: str) -> None:
    path = DOMAIN / f"{module.rsplit('.', 1)[1]}.py"
    assert len(path.read_text().splitlines()) <= 310, "split it (ENGINEERING.md: most under 300)"
