"""Keyword-only factories for the agency directory and a case's agencies."""

from __future__ import annotations

from sqlalchemy import update

from services.scheduler import agencies, directory
from services.scheduler.bootstrap import Container
from services.scheduler.domain.lifecycle import Actor
from services.scheduler.domain.staff import Role
from services.scheduler.tables import case

KEEPER = directory.Keeper(None, "setup@partnership.example")
OPS = Actor(Role.OPS, id=None, email="setup@partnership.example")


def add_directory_entry(
    c: Container,
    *,
    name: str = "Greenwich Police Safeguarding Unit",
    kind: str = "police",
    representative: str = "DS Pat Jones",
    email: str = "pat.jones@police.example",
    phone: str = "020 7946 0000",
    active: bool = True,
) -> int:
    raw = {
        "name": name,
        "kind": kind,
        "representative": representative,
        "email": email,
        "phone": phone,
    }
    made = directory.save_entry(c, raw, KEEPER)
    if not active:
        directory.set_active(c, made, False, KEEPER)
    return made


def add_case_agency(
    c: Container,
    *,
    reference: str,
    name: str = "Greenwich Primary School",
    kind: str = "education",
    representative: str = "Ms Dee Lead",
    email: str = "dsl@school.example",
) -> int:
    raw = {"name": name, "kind": kind, "representative": representative, "email": email}
    return agencies.add_agency(c, reference, raw, OPS)


def put_case_in_state(c: Container, *, reference: str, state: str) -> None:
    """Skip the actions that lead to ``state``: these tests are about the agencies."""
    with c.engine.begin() as conn:
        conn.execute(update(case).where(case.c.reference == reference).values(state=state))
