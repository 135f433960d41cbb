"""What every ``cspr`` command does with a broken rule or an unusable database: one line
for the person at the terminal, never a traceback, and the engine closed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError


@contextmanager
def command_errors(*rules: type[Exception], engine: Engine | None = None) -> Iterator[None]:
    """``rules`` are the errors whose message is meant for people (StaffRuleError...)."""
    try:
        yield
    except rules as exc:
        raise click.ClickException(str(exc)) from exc
    except SQLAlchemyError as exc:
        raise click.ClickException(
            f"The database could not be used ({type(exc).__name__}); "
            "has `cspr db upgrade` been run?"
        ) from exc
    finally:
        if engine is not None:
            engine.dispose()
