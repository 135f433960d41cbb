"""``cspr db``, ``cspr users`` and ``cspr demo``: the case database, staff accounts and
made-up cases (services/cli.py adds these to ``cspr``).

cspr db upgrade
cspr users add --email E --name N --role ROLE [--partner la|police|health]
                                                 (password: $CSPR_PASSWORD or a prompt)
cspr users list
cspr users deactivate --email E                  (their sessions end at once)
cspr users set-partner --email E --partner la|police|health
cspr demo                                        (made-up cases in every state; safe to rerun)
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from services.scheduler.accounts import create_staff, deactivate_staff, list_staff, set_partner
from services.scheduler.bootstrap import Container, build_container
from services.scheduler.demo import make_demo
from services.scheduler.domain.staff import Partner, Role, StaffRuleError, partner_label
from shared import migrate
from shared.commands import command_errors
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


#: what ``--partner`` takes, and the partner each stands for
PARTNERS = {"la": Partner.LOCAL_AUTHORITY, "police": Partner.POLICE, "health": Partner.HEALTH}
_partner_option = click.option(
    "--partner",
    type=click.Choice(list(PARTNERS)),
    default=None,
    help="Partner-lead only (and required): the local authority, police or health partner.",
)


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
@_partner_option
@click.option(
    "--password",
    envvar="CSPR_PASSWORD",
    default=None,
    hidden=True,
    help="Taken from $CSPR_PASSWORD; prompted for (hidden, twice) when not set.",
)
@click.pass_context
def users_add(
    ctx: click.Context,
    email: str,
    name: str,
    role: str,
    partner: str | None,
    password: str | None,
) -> None:
    """Add a staff account."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    c = _container(ctx)
    with _errors(c):
        user = create_staff(
            c,
            email=email,
            name=name,
            role=role,
            password=str(password),
            partner=PARTNERS[partner] if partner else None,
        )
    click.echo(f"Added {user.email} ({_role_text(c, user.role, user.partner)}).")


@users.command("deactivate")
@click.option("--email", required=True, help="Sign-in email address of the account.")
@click.pass_context
def users_deactivate(ctx: click.Context, email: str) -> None:
    """Stop an account signing in; its open sessions end at once."""
    c = _container(ctx)
    with _errors(c):
        ended = deactivate_staff(c, email)
    click.echo(f"Deactivated {email.strip().lower()}; {ended} open session(s) ended.")


@users.command("set-partner")
@click.option("--email", required=True, help="Sign-in email address of the partner lead.")
@click.option("--partner", required=True, type=click.Choice(list(PARTNERS)))
@click.pass_context
def users_set_partner(ctx: click.Context, email: str, partner: str) -> None:
    """Record which partner a partner lead represents."""
    c = _container(ctx)
    with _errors(c):
        user = set_partner(c, email, PARTNERS[partner])
    click.echo(f"{user.email} is now {_role_text(c, user.role, user.partner)}.")


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List staff accounts (never their password hashes)."""
    c = _container(ctx)
    with _errors(c):
        people = list_staff(c)
    if not people:
        click.echo("No staff accounts yet. Add one with `cspr users add`.")
        return
    rows: list[tuple[Any, ...]] = [("EMAIL", "NAME", "ROLE", "ACTIVE", "LAST SIGN-IN")]
    for p in people:
        last = p.last_sign_in_at.strftime("%Y-%m-%d %H:%M UTC") if p.last_sign_in_at else "never"
        role = _role_text(c, p.role, p.partner)
        rows.append((p.email, p.name, role, "yes" if p.active else "no", last))
    _table(rows)


@click.command("demo")
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Create made-up cases in every state of both routes (running it again adds nothing)."""
    with command_errors():
        made, missed = make_demo(_config(ctx))
    _table([("REFERENCE", "ROUTE", "STATE"), *((m.reference, m.route, m.state) for m in made)])
    new = sum(m.created for m in made)
    click.echo(f"{new} new demo case(s), {len(made) - new} already there.")
    if missed:
        click.echo(
            f"Redis did not answer: {missed} follow-up job(s) (documents, alerts) were not "
            "queued; run `cspr demo` again once it is up.",
            err=True,
        )


def _table(rows: list[tuple[Any, ...]]) -> None:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def _role_text(c: Container, role: str, partner: str | None) -> str:
    """ "partner-lead, Police"; the health partner by its configured name."""
    if not partner:
        return role
    return f"{role}, {partner_label(partner, health_label=c.config['HEALTH_PARTNER_LABEL'])}"


def _errors(c: Container) -> AbstractContextManager[None]:
    """A broken rule or an unusable database as a one-line error; the engine closed."""
    return command_errors(StaffRuleError, engine=c.engine)
