"""The Report of Rapid Review (App. iv) of a case in the database: versioned answer sets,
a draft then final versions that are never changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from services.scheduler.tables import rr_report

DRAFT, FINAL = "draft", "final"


@dataclass
class ReportDraft:
    """One version; ``answers`` and ``pending`` are edited page by page while a draft."""

    id: int
    case_id: int
    version: int
    status: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    pending: dict[str, dict[str, list[str]]]
    saved_at: datetime
    saved_by: str
    finalised_at: datetime | None = None
    finalised_by: str = ""

    @property
    def final(self) -> bool:
        return self.status == FINAL


def _report(row: Any) -> ReportDraft:
    return ReportDraft(
        id=row.id,
        case_id=row.case_id,
        version=row.version,
        status=row.status,
        form_id=row.form_id,
        form_version=row.form_version,
        answers=dict(row.answers or {}),
        pending={k: dict(v) for k, v in (row.pending or {}).items()},
        saved_at=row.saved_at,
        saved_by=row.saved_by or "",
        finalised_at=row.finalised_at,
        finalised_by=row.finalised_by or "",
    )


def versions(conn: Connection, case_id: int) -> list[ReportDraft]:
    """Every version of the case's report, newest first."""
    rows = conn.execute(
        select(rr_report).where(rr_report.c.case_id == case_id).order_by(rr_report.c.version.desc())
    )
    return [_report(r) for r in rows]


def newest(conn: Connection, case_id: int) -> ReportDraft | None:
    found = versions(conn, case_id)
    return found[0] if found else None


def add_draft(
    conn: Connection,
    case_id: int,
    *,
    version: int,
    form_id: str,
    form_version: int,
    answers: dict[str, Any],
    at: datetime,
    by: str | None,
) -> ReportDraft:
    row = conn.execute(
        insert(rr_report)
        .values(
            case_id=case_id,
            version=version,
            status=DRAFT,
            form_id=form_id,
            form_version=form_version,
            answers=answers,
            pending={},
            created_at=at,
            saved_at=at,
            saved_by=by,
        )
        .returning(*rr_report.c)
    ).first()
    return _report(row)


def save(conn: Connection, report: ReportDraft, *, at: datetime, by: str | None) -> bool:
    """Keep a draft's answers; False when it was finalised meanwhile."""
    done = conn.execute(
        update(rr_report)
        .where(rr_report.c.id == report.id, rr_report.c.status == DRAFT)
        .values(answers=report.answers, pending=report.pending, saved_at=at, saved_by=by)
    )
    return bool(done.rowcount)


def finalise(
    conn: Connection, report: ReportDraft, answers: dict[str, Any], *, at: datetime, by: str | None
) -> bool:
    done = conn.execute(
        update(rr_report)
        .where(rr_report.c.id == report.id, rr_report.c.status == DRAFT)
        .values(
            status=FINAL,
            answers=answers,
            pending={},
            saved_at=at,
            saved_by=by,
            finalised_at=at,
            finalised_by=by,
        )
    )
    return bool(done.rowcount)
