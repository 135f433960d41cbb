"""``cspr db`` and ``cspr users``: the case database and staff accounts (services/cli.py
adds these groups to ``cspr``).

cspr db upgrade
cspr users add --email E --name N --role ROLE   (password: $CSPR_PASSWORD or a prompt)
cspr users list
"""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from services.scheduler.accounts import create_staff, list_staff
from services.scheduler.bootstrap import Container, build_container
from services.scheduler.domain.staff import Role, StaffRuleError
from shared import migrate
from shared.config import Config, ConfigError, load_config
from shared.db import make_engine


def _config(ctx: click.Context) -> Config:
    if "config" not in ctx.meta:
        try:
            ctx.meta["config"] = load_config("scheduler")
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from exc
    config: Config = ctx.meta["config"]
    return config


def _container(ctx: click.Context) -> Container:
    return build_container(_config(ctx))


@click.group()
def db() -> None:
    """The case database."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Create or migrate the database schema to the latest revision."""
    url = _config(ctx)["DATABASE_URL"]
    try:
        migrate.upgrade(url)
        revision = current_revision(url)
    except SQLAlchemyError as exc:
        raise click.ClickException(f"Could not migrate the database: {type(exc).__name__}") from exc
    click.echo(f"Database is at revision {revision}.")


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


@click.group()
def users() -> None:
    """Staff accounts of the ops console."""


@users.command("add")
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--name", required=True, help="The person's full name.")
@click.option(
    "--role", required=True, type=click.Choice([r.value for r in Role]), help="What they do."
)
@click.option(
    "--password",
    envvar="CSPR_PASSWORD",
    default=None,
    hidden=True,
    help="Taken from $CSPR_PASSWORD; prompted for (hidden, twice) when not set.",
)
@click.pass_context
def users_add(ctx: click.Context, email: str, name: str, role: str, password: str | None) -> None:
    """Add a staff account."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    c = _container(ctx)
    try:
        user = create_staff(c, email=email, name=name, role=role, password=str(password))
    except StaffRuleError as exc:
        raise click.ClickException(str(exc)) from exc
    except SQLAlchemyError as exc:
        raise _database_error(exc) from exc
    finally:
        c.engine.dispose()
    click.echo(f"Added {user.email} ({user.role}).")


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List staff accounts (never their password hashes)."""
    c = _container(ctx)
    try:
        people = list_staff(c)
    except SQLAlchemyError as exc:
        raise _database_error(exc) from exc
    finally:
        c.engine.dispose()
    if not people:
        click.echo("No staff accounts yet. Add one with `cspr users add`.")
        return
    rows: list[tuple[Any, ...]] = [("EMAIL", "NAME", "ROLE", "ACTIVE", "LAST SIGN-IN")]
    for p in people:
        last = p.last_sign_in_at.strftime("%Y-%m-%d %H:%M UTC") if p.last_sign_in_at else "never"
        rows.append((p.email, p.name, p.role, "yes" if p.active else "no", last))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def _database_error(exc: SQLAlchemyError) -> click.ClickException:
    return click.ClickException(
        f"The database could not be used ({type(exc).__name__}); has `cspr db upgrade` been run?"
    )
