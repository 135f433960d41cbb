"""How the notifier reads a case: through the scheduler's read model only.

``AlertCase`` names the few fields an alert may use. The composer is typed against it, so the
child's name, date of birth and the referral's outline are not even in reach of a template.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from sqlalchemy.engine import Engine

from services.scheduler.readmodel import CaseSnapshot, fetch_case


class AlertDeadline(Protocol):
    @property
    def clock(self) -> str: ...

    @property
    def due_on(self) -> date: ...

    @property
    def met(self) -> bool: ...


class AlertCase(Protocol):
    @property
    def reference(self) -> str: ...

    @property
    def route(self) -> str: ...

    #: the scheduler's case state (``closed`` once nothing more is due)
    @property
    def state(self) -> str: ...

    @property
    def received_on(self) -> date: ...

    @property
    def deadlines(self) -> Sequence[AlertDeadline]: ...


class CaseReader(Protocol):
    def fetch(self, reference: str) -> AlertCase | None: ...


class SqlCaseReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fetch(self, reference: str) -> CaseSnapshot | None:
        with self.engine.connect() as conn:
            return fetch_case(conn, reference)
