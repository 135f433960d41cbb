"""The README and the architecture document stay true to the code."""

from pathlib import Path

import pytest

from shared.config import SETTINGS
from shared.queue import JOBS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text()


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_readme_configuration_table_lists_every_setting(name: str) -> None:
    assert f"| `{name}` |" in README


@pytest.mark.parametrize("name", sorted(JOBS))
def test_architecture_lists_every_job_contract(name: str) -> None:
    spec = JOBS[name]
    row = next((line for line in ARCHITECTURE.splitlines() if f"`{name}`" in line), "")
    assert row, f"{name} missing from docs/architecture.md"
    assert f"| {spec.queue} |" in row
    assert f"`{spec.job_id}`" in row
    assert f"{spec.timeout} s" in row


def test_readme_names_the_two_commands() -> None:
    assert "make run" in README and "make test" in README
    assert "docker compose up" in README
