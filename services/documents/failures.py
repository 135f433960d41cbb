"""Why a document could not be made, in words staff can act on, and which failures are
worth trying again.

A document is made in three stages: its template filled in (``render``), converted to PDF
by LibreOffice (``convert``), its files stored (``store``). A failure at any of them is
recorded (``ports.FailureLog``) and shown on the case page until a later run makes the
document; nothing of a document that failed is stored or recorded as made.

Trying again: a template that uses a field cspr does not provide, or is not a valid
template, fails the same way every time, so it is raised as ``DocumentFailed`` and the job
ends failed at once instead of spending RQ's retries (``jobs.py``). A conversion or the
store failing is often passing (a unoserver recycled or hung, the store restarting): it
is raised as it was, RQ tries again with back-off, and each attempt is counted.

A reason names the document, the stage and the field or the converter's own message, never
a value from the case: no personal data reaches the case page, the JSON API or the logs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from jinja2 import TemplateError, UndefinedError

from services.documents.ports import (
    ConversionError,
    ConversionTimeout,
    DocumentFailure,
    FailureLog,
    StoreError,
)

log = logging.getLogger(__name__)

RENDER, CONVERT, STORE = "render", "convert", "store"
#: what each stage is, as the case page says it
STAGES = {
    RENDER: "Filling in the template",
    CONVERT: "Converting to PDF",
    STORE: "Storing the files",
}
#: the most of an exception's own message a reason carries
DETAIL_MAX = 300

# Jinja's words for a name the context lacks: "'panel_chair_title' is undefined", and for
# a key or attribute a value lacks: "'dict object' has no attribute 'title'"
_UNDEFINED = (re.compile(r"'([^']+)' is undefined"), re.compile(r"has no attribute '([^']+)'"))


class DocumentFailed(RuntimeError):
    """The document cannot be made from its template as it is: trying again would fail
    the same way, so the job fails without RQ's retries."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Diagnosis:
    stage: str
    reason: str
    #: True when trying again cannot help (the template)
    permanent: bool


def missing_field(error: UndefinedError) -> str | None:
    """The field a template used that its context lacks, by Jinja's message."""
    for pattern in _UNDEFINED:
        if found := pattern.search(error.message or ""):
            return found.group(1)
    return None


def _detail(error: Exception) -> str:
    # a template's own message, without the line of the document's XML it was on
    message = error.message if isinstance(error, TemplateError) else str(error)
    text = " ".join((message or "").split()) or type(error).__name__
    return text if len(text) <= DETAIL_MAX else text[: DETAIL_MAX - 1] + "…"


def diagnose(title: str, error: Exception) -> Diagnosis | None:
    """What failed and why, for the document called ``title``; None for a failure that
    is none of the three stages' own (a bug, an unreadable case), which is raised as it
    is and not recorded."""
    if isinstance(error, TemplateError):
        field = missing_field(error) if isinstance(error, UndefinedError) else None
        if field:
            reason = f"The {title} template uses a field cspr does not provide: {field}"
        else:
            reason = f"The {title} template cannot be filled in ({_detail(error)})"
        return Diagnosis(RENDER, reason, permanent=True)
    if isinstance(error, ConversionTimeout):
        reason = f"LibreOffice did not convert the {title} to PDF in time ({_detail(error)})"
        return Diagnosis(CONVERT, reason, permanent=False)
    if isinstance(error, ConversionError):
        reason = f"LibreOffice could not convert the {title} to PDF ({_detail(error)})"
        return Diagnosis(CONVERT, reason, permanent=False)
    if isinstance(error, StoreError):
        # storing the files, or reading an administrator's template from the store
        reason = f"The document store failed while the {title} was made ({_detail(error)})"
        return Diagnosis(STORE, reason, permanent=False)
    return None


class Making(Protocol):
    """Which document is being made, from what, by which job (``generation.Making``)."""

    @property
    def reference(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def job_id(self) -> str | None: ...


@contextmanager
def failures_recorded(
    making: Making, title: str, failures: FailureLog, now: datetime
) -> Iterator[None]:
    """Around the making of one version of the document called ``title``: a failure of
    its template, its conversion or its storing is recorded with its reason for staff and
    raised, a template's as ``DocumentFailed`` (trying again cannot help); once the
    document is made, its earlier failures are resolved."""
    try:
        yield
    except Exception as error:
        diagnosis = diagnose(title, error)
        if diagnosis is None:
            raise
        _record(making, title, diagnosis, failures, now)
        if diagnosis.permanent:
            raise DocumentFailed(diagnosis.reason) from error
        raise
    failures.resolved(making.reference, making.kind, now)


def _record(
    making: Making, title: str, diagnosis: Diagnosis, failures: FailureLog, now: datetime
) -> None:
    failure = DocumentFailure(
        case_reference=making.reference,
        kind=making.kind,
        source=making.source,
        document=title,
        stage=diagnosis.stage,
        reason=diagnosis.reason,
        job_id=making.job_id,
    )
    try:
        attempts = failures.failed(failure, now)
    except Exception:
        # the job fails all the same (and RQ keeps it): not being able to say why must
        # not hide the failure itself
        log.exception("could not record why %s of %s failed", making.kind, making.reference)
        return
    # the reason stays out of the log: ids, references and the stage only
    log.warning(
        "%s of %s failed at %s (attempt %s)",
        making.kind,
        making.reference,
        diagnosis.stage,
        attempts,
    )
