"""``cspr``, the administration command: each service's commands, gathered in one group.

The composition root of the command line, as bootstrap modules are of the apps: the groups
live with the data they change (``db`` and ``users`` in the scheduler, ``tokens`` in
intake) and only this module knows them all, so neither service imports the other.
"""

from __future__ import annotations

import click

from services.intake.cli import tokens
from services.scheduler.cli import db, demo, users


@click.group()
def main() -> None:
    """Administer cspr: the case database, staff accounts, API tokens and demo cases."""


main.add_command(db)
main.add_command(users)
main.add_command(tokens)
main.add_command(demo)
