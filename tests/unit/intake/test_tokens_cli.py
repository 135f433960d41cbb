"""``cspr tokens`` through click's CliRunner and the ``cspr`` group, on a migrated SQLite file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from services.cli import main
from services.intake.tables import api_token
from shared import migrate
from shared.db import make_engine


@pytest.fixture(scope="module")
def _migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("intake-db") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def url(_migrated: Path, tmp_path: Path) -> str:
    path = tmp_path / "cspr.db"
    engine = make_engine(f"sqlite:///{_migrated}")
    with engine.connect() as conn:
        # a complete copy, write-ahead log included
        conn.exec_driver_sql(f"VACUUM INTO '{path}'")
    engine.dispose()
    return f"sqlite:///{path}"


def run(url: str, *args: str) -> Result:
    env = {"DATABASE_URL": url, "CSPR_ENV": "test", "REDIS_URL": "redis://127.0.0.1:1/0"}
    return CliRunner().invoke(main, ["tokens", *args], env=env)


def create(url: str, email: str = "mash@council.example") -> tuple[Result, str]:
    result = run(url, "create", "--email", email)
    assert result.exit_code == 0, result.output
    return result, result.output.splitlines()[-1]


def test_create_prints_the_token_last_and_stores_only_its_hash(url: str) -> None:
    result, secret = create(url, "MASH@Council.Example")
    assert len(secret) == 43
    assert result.output.splitlines()[0] == "Made API token 1 for mash@council.example."
    engine = make_engine(url)
    with engine.connect() as conn:
        row = conn.execute(select(api_token)).one()
    engine.dispose()
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(v) for v in row}
    assert row.email == "mash@council.example" and row.revoked_at is None


def test_a_bad_email_is_refused(url: str) -> None:
    result = run(url, "create", "--email", "mash")
    assert result.exit_code == 1
    assert "'mash' is not an email address" in result.output
    assert "No API tokens yet" in run(url, "list").output


def test_list_shows_tokens_without_secrets_and_revoke_marks_them(url: str) -> None:
    _, first = create(url, "mash@council.example")
    create(url, "police@force.example")
    revoked = run(url, "revoke", "--id", "1")
    assert revoked.exit_code == 0, revoked.output
    assert revoked.output.startswith("API token 1 (mash@council.example) is revoked since ")

    listing = run(url, "list")
    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    assert lines[0].split() == ["ID", "EMAIL", "CREATED", "LAST", "USED", "REVOKED"]
    assert lines[1].split()[:2] == ["1", "mash@council.example"]
    assert lines[1].count(" UTC") == 2 and "never" in lines[1]  # created and revoked
    assert lines[2].split()[:2] == ["2", "police@force.example"]
    assert lines[2].split()[-2:] == ["never", "-"]
    assert first not in listing.output

    again = run(url, "revoke", "--id", "1")
    assert again.exit_code == 0 and again.output == revoked.output


def test_revoking_an_unknown_id_is_an_error(url: str) -> None:
    result = run(url, "revoke", "--id", "42")
    assert result.exit_code == 1
    assert "There is no API token 42." in result.output


def test_an_unmigrated_database_is_a_clear_error(tmp_path: Path) -> None:
    result = run(f"sqlite:///{tmp_path / 'empty.db'}", "list")
    assert result.exit_code == 1
    assert "has `cspr db upgrade` been run?" in result.output


def test_the_cspr_group_has_every_services_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert {"db", "users", "tokens"} <= set(result.output.split())
