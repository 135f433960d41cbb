"""A service started in production without its secrets stops at once, naming them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from devstack.procs import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CSPR_", "S3_", "SMTP_"))}
    for name in ("SECRET_KEY", "SERVICE_TOKEN", "DATABASE_URL", "MAIL_FROM"):
        env.pop(name, None)
    env.update(CSPR_ENV="production", **extra)
    return env


@pytest.mark.parametrize(
    ("service", "given", "named"),
    [
        ("intake", {"DATABASE_URL": "postgresql+psycopg://u@127.0.0.1/db"}, "SECRET_KEY"),
        (
            "scheduler",
            {"SECRET_KEY": "s" * 40, "DATABASE_URL": "postgresql+psycopg://u@h/db"},
            "SERVICE_TOKEN",
        ),
    ],
)
def test_web_process_refuses_to_start_without_a_secret(
    service: str, given: dict[str, str], named: str
) -> None:
    result = subprocess.run(
        [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{free_port()}",
            f"services.{service}.app:create_app()",
        ],
        env=_production_env(**given),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"missing required setting(s) for production: {named}" in result.stderr


@pytest.mark.parametrize("service", ["documents", "notifier"])
def test_worker_refuses_to_start_without_its_secrets(service: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "shared.worker", service],
        env=_production_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    expected = "S3_ACCESS_KEY" if service == "documents" else "OPS_EMAIL"
    assert expected in result.stderr
