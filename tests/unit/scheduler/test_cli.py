"""``cspr db`` and ``cspr users`` through click's CliRunner, against a migrated SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner, Result
from sqlalchemy import select, update

from services.cli import main
from services.scheduler.tables import audit_event, staff_user
from shared import migrate
from shared.db import make_engine

GOOD_PASSWORD = "a-long-enough-password"


def run(
    url: str,
    *args: str,
    password: str | None = None,
    stdin: str | None = None,
    **settings: str,
) -> Result:
    # None removes the variable, so the prompt is used
    env: dict[str, str | None] = {
        "DATABASE_URL": url,
        "CSPR_ENV": "test",
        "CSPR_PASSWORD": password,
        **settings,
    }
    return CliRunner().invoke(main, list(args), env=env, input=stdin)


def add(
    url: str,
    email: str = "ops@partnership.example",
    role: str = "ops",
    password: str | None = GOOD_PASSWORD,
    stdin: str | None = None,
    partner: str | None = None,
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
        *(("--partner", partner) if partner else ()),
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
    add(sqlite_url, email="b@partnership.example", role="partner-lead", partner="health")
    add(sqlite_url, email="a@partnership.example", role="admin")
    result = run(sqlite_url, "users", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["EMAIL", "NAME", "ROLE", "ACTIVE", "LAST", "SIGN-IN"]
    assert lines[1].split() == ["a@partnership.example", "Olive", "Ops", "admin", "yes", "never"]
    assert lines[2].split()[0] == "b@partnership.example"
    assert "partner-lead, Integrated care board (ICB)" in lines[2]
    assert "argon2" not in result.output


def test_an_unmigrated_database_is_a_clear_error(tmp_path: Path) -> None:
    result = run(f"sqlite:///{tmp_path / 'empty.db'}", "users", "list")
    assert result.exit_code == 1
    assert "has `cspr db upgrade` been run?" in result.output


def test_bad_configuration_is_a_clear_error(sqlite_url: str) -> None:
    result = CliRunner().invoke(main, ["users", "list"], env={"CSPR_ENV": "staging"})
    assert result.exit_code == 1
    assert "CSPR_ENV must be" in result.output


@pytest.mark.parametrize(
    ("option", "stored", "label"),
    [("la", "local_authority", "Local authority"), ("police", "police", "Police")],
)
def test_a_partner_lead_is_added_with_their_partner(
    sqlite_url: str, option: str, stored: str, label: str
) -> None:
    result = add(sqlite_url, role="partner-lead", partner=option)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Added ops@partnership.example (partner-lead, {label})."
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.execute(select(staff_user.c.partner)).scalar_one() == stored
    engine.dispose()


def test_a_partner_lead_needs_a_partner(sqlite_url: str) -> None:
    result = add(sqlite_url, role="partner-lead")
    assert result.exit_code == 1
    assert "A partner-lead needs a partner" in result.output
    assert "No staff accounts yet" in run(sqlite_url, "users", "list").output


@pytest.mark.parametrize("role", ["ops", "chair", "admin"])
def test_only_a_partner_lead_has_a_partner(sqlite_url: str, role: str) -> None:
    result = add(sqlite_url, role=role, partner="police")
    assert result.exit_code == 1
    assert "Only a partner-lead belongs to a partner" in result.output


def test_an_unknown_partner_is_refused_by_the_option(sqlite_url: str) -> None:
    result = add(sqlite_url, role="partner-lead", partner="ccg")
    assert result.exit_code == 2
    assert "la" in result.output and "health" in result.output


def test_the_health_partner_is_named_by_configuration(sqlite_url: str) -> None:
    add(sqlite_url, role="partner-lead", partner="health")
    listing = run(sqlite_url, "users", "list", HEALTH_PARTNER_LABEL="NHS South East London ICB")
    assert "partner-lead, NHS South East London ICB" in listing.output


def test_set_partner_for_a_partner_lead_recorded_without_one(sqlite_url: str) -> None:
    add(sqlite_url, role="partner-lead", partner="la")
    engine = make_engine(sqlite_url)
    with engine.begin() as conn:  # as the 0003 migration leaves an older partner-lead
        conn.execute(update(staff_user).values(partner=None))
    result = run(
        sqlite_url,
        "users",
        "set-partner",
        "--email",
        "OPS@partnership.example",
        "--partner",
        "health",
    )
    assert result.exit_code == 0, result.output
    assert "partner-lead, Integrated care board (ICB)" in result.output
    with engine.connect() as conn:
        assert conn.execute(select(staff_user.c.partner)).scalar_one() == "health"
    engine.dispose()
    refused = add(sqlite_url, email="chair@partnership.example", role="chair")
    assert refused.exit_code == 0
    result = run(
        sqlite_url,
        "users",
        "set-partner",
        "--email",
        "chair@partnership.example",
        "--partner",
        "police",
    )
    assert result.exit_code == 1 and "Only a partner-lead" in result.output


def test_deactivate_stops_the_account_and_names_unknown_ones(sqlite_url: str) -> None:
    add(sqlite_url)
    result = run(sqlite_url, "users", "deactivate", "--email", "ops@partnership.example")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Deactivated ops@partnership.example; 0 open session(s) ended."
    )
    assert "ops@partnership.example  Olive Ops  ops   no" in run(sqlite_url, "users", "list").output
    unknown = run(sqlite_url, "users", "deactivate", "--email", "nobody@partnership.example")
    assert unknown.exit_code == 1
    assert "No staff account for nobody@partnership.example" in unknown.output


def test_account_changes_are_audited_without_passwords(sqlite_url: str) -> None:
    add(sqlite_url, role="partner-lead", partner="police")
    run(sqlite_url, "users", "deactivate", "--email", "ops@partnership.example")
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        rows = list(conn.execute(select(audit_event).order_by(audit_event.c.id)))
    engine.dispose()
    assert [r.action for r in rows] == ["staff.added", "staff.deactivated"]
    assert rows[0].detail == (
        "ops@partnership.example; role=partner-lead; partner=police; by cspr users"
    )
    assert all(GOOD_PASSWORD not in r.detail for r in rows)
