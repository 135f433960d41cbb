"""``cspr tokens``: the API tokens of intake's JSON API (services/cli.py adds the group).

cspr tokens create --email E   (the token is printed once, as the last line)
cspr tokens list
cspr tokens revoke --id N
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import click

from services.intake.bootstrap import Container, build_container
from services.intake.tokens import TokenRuleError, issue_token, revoke_token
from shared.commands import command_errors
from shared.config import ConfigError, load_config

T = TypeVar("T")


def _with_container(action: Callable[[Container], T]) -> T:
    try:
        c = build_container(load_config("intake"))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    with command_errors(TokenRuleError, engine=c.engine):
        return action(c)


def _when(moment: datetime | None, empty: str) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else empty


@click.group()
def tokens() -> None:
    """Bearer tokens for the JSON API (POST /api/v1/referrals)."""


@tokens.command("create")
@click.option("--email", required=True, help="Who the token is for (the client system's owner).")
def tokens_create(email: str) -> None:
    """Make a token; it is shown once, on the last line, and stored only as a hash."""
    issued = _with_container(lambda c: issue_token(c.api_tokens, email=email, clock=c.clock))
    click.echo(f"Made API token {issued.token.id} for {issued.token.email}.")
    click.echo("It is shown only now: keep it in the client's secret store.")
    click.echo(f"Revoke it with `cspr tokens revoke --id {issued.token.id}`. The token:")
    click.echo(issued.secret)


@tokens.command("list")
def tokens_list() -> None:
    """List tokens: who has them, when last used, whether revoked (never the tokens)."""
    found = _with_container(lambda c: c.api_tokens.all())
    if not found:
        click.echo("No API tokens yet. Make one with `cspr tokens create --email E`.")
        return
    rows: list[tuple[Any, ...]] = [("ID", "EMAIL", "CREATED", "LAST USED", "REVOKED")]
    for t in found:
        rows.append(
            (
                t.id,
                t.email,
                _when(t.created_at, ""),
                _when(t.last_used_at, "never"),
                _when(t.revoked_at, "-"),
            )
        )
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


@tokens.command("revoke")
@click.option("--id", "token_id", required=True, type=int, help="The token's id (tokens list).")
def tokens_revoke(token_id: int) -> None:
    """Revoke a token for good: requests with it are refused from now on."""
    token = _with_container(lambda c: revoke_token(c.api_tokens, token_id, clock=c.clock))
    click.echo(
        f"API token {token.id} ({token.email}) is revoked since {_when(token.revoked_at, '')}."
    )
