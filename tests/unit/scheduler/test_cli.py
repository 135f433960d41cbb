"""``cspr db`` and ``cspr users`` through click's CliRunner, against a migrated SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner, Result
from sqlalchemy import select

from services.cli import main
from services.scheduler.tables import staff_user
from shared import migrate
from shared.db import make_engine

GOOD_PASSWORD = "a-long-enough-password"


def run(url: str, *args: str, password: str | None = None, stdin: str | None = None) -> Result:
    # None removes the variable, so the prompt is used
    env: dict[str, str | None] = {
        "DATABASE_URL": url,
        "CSPR_ENV": "test",
        "CSPR_PASSWORD": password,
    }
    return CliRunner().invoke(main, list(args), env=env, input=stdin)


def add(
    url: str,
    email: str = "ops@partnership.example",
    role: str = "ops",
    password: str | None = GOOD_PASSWORD,
    stdin: str | None = None,
) -> Result:
    return run(
        url,
        "users",
        "add",
        "--email",
        email,
        "--name",
        "Olive Ops",
        "--role",
        role,
        password=password,
        stdin=stdin,
    )


def test_db_upgrade_creates_the_schema_and_prints_the_revision(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = run(url, "db", "upgrade")
    assert result.exit_code == 0, result.output
    head = ScriptDirectory.from_config(migrate.alembic_config(url)).get_current_head()
    assert result.stdout.strip() == f"Database is at revision {head}."
    again = run(url, "db", "upgrade")
    assert again.exit_code == 0 and again.output == result.output


def test_add_a_user_with_the_password_from_the_environment(sqlite_url: str) -> None:
    result = add(sqlite_url, email="Chair@Partnership.Example", role="chair")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Added chair@partnership.example (chair)."
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        row = conn.execute(select(staff_user)).one()
    engine.dispose()
    assert row.password_hash.startswith("$argon2id$")
    assert GOOD_PASSWORD not in row.password_hash
    assert row.active


def test_add_a_user_with_a_hidden_prompt(sqlite_url: str) -> None:
    result = add(sqlite_url, password=None, stdin=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert GOOD_PASSWORD not in result.output


def test_the_prompt_wants_the_same_password_twice(sqlite_url: str) -> None:
    result = add(sqlite_url, password=None, stdin=f"{GOOD_PASSWORD}\nsomething-else-entirely\n")
    assert result.exit_code != 0
    assert "do not match" in result.output


def test_short_passwords_are_refused(sqlite_url: str) -> None:
    result = add(sqlite_url, password="elevenchars")
    assert result.exit_code == 1
    assert "at least 12 characters" in result.output
    assert "No staff accounts yet" in run(sqlite_url, "users", "list").output


def test_duplicate_emails_are_refused(sqlite_url: str) -> None:
    assert add(sqlite_url).exit_code == 0
    result = add(sqlite_url, email="OPS@partnership.example")
    assert result.exit_code == 1
    assert "A staff account for ops@partnership.example already exists" in result.output


@pytest.mark.parametrize("role", ["superuser", ""])
def test_unknown_roles_are_refused(sqlite_url: str, role: str) -> None:
    result = add(sqlite_url, role=role)
    assert result.exit_code == 2
    assert "partner-lead" in result.output


def test_bad_email_is_refused(sqlite_url: str) -> None:
    result = add(sqlite_url, email="not-an-email")
    assert result.exit_code == 1
    assert "is not an email address" in result.output


def test_list_users_shows_a_table_without_hashes(sqlite_url: str) -> None:
    add(sqlite_url, email="b@partnership.example", role="partner-lead")
    add(sqlite_url, email="a@partnership.example", role="admin")
    result = run(sqlite_url, "users", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["EMAIL", "NAME", "ROLE", "ACTIVE", "LAST", "SIGN-IN"]
    assert lines[1].split() == ["a@partnership.example", "Olive", "Ops", "admin", "yes", "never"]
    assert lines[2].split()[0] == "b@partnership.example"
    assert "argon2" not in result.output


def test_an_unmigrated_database_is_a_clear_error(tmp_path: Path) -> None:
    result = run(f"sqlite:///{tmp_path / 'empty.db'}", "users", "list")
    assert result.exit_code == 1
    assert "has `cspr db upgrade` been run?" in result.output


def test_bad_configuration_is_a_clear_error(sqlite_url: str) -> None:
    result = CliRunner().invoke(main, ["users", "list"], env={"CSPR_ENV": "staging"})
    assert result.exit_code == 1
    assert "CSPR_ENV must be" in result.output
