"""The audit log for admins: a filtered page of events, and the same events as CSV.

Reading the log is itself audited, so nobody reads it unseen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from services.scheduler.audit_log import (
    AuditPage,
    all_events,
    audit_page,
    csv_lines,
    known_actions,
)
from services.scheduler.casework import audit_event
from services.scheduler.store.audit import AuditFilter
from services.scheduler.web.forms import AuditFilterForm
from services.scheduler.web.session import container, current_staff

bp = Blueprint("audit", __name__)
LONDON = ZoneInfo("Europe/London")


@bp.get("/audit")
def events() -> ResponseReturnValue:
    c = container()
    form = AuditFilterForm(request.args, known_actions(c))
    valid = form.validate()
    where = form.audit_filter() if valid else AuditFilter()
    shown = audit_page(c, where, _page_number()) if valid else None
    _audit("audit.viewed", where, f"page={shown.number}" if shown else "invalid filter")
    return render_template(
        "audit.html",
        form=form,
        shown=shown,
        csv_url="/audit.csv" + _query(where),
        pagination=_pagination(shown, where) if shown else None,
        page_title="Audit log",
    )


@bp.get("/audit.csv")
def export() -> ResponseReturnValue:
    c = container()
    form = AuditFilterForm(request.args, known_actions(c))
    if not form.validate():
        abort(400, " ".join(e for errors in form.errors.values() for e in errors))
    where = form.audit_filter()
    _audit("audit.exported", where, "csv")
    stamp = c.clock().astimezone(LONDON).strftime("%Y%m%d-%H%M")
    response = Response(csv_lines(all_events(c, where)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="cspr-audit-{stamp}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_filter("london_time")
def london_time(value: datetime) -> str:
    local = value.astimezone(LONDON)
    return f"{local.day} {local:%B %Y %H:%M:%S}"


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 1_000_000 else 1


def _query(where: AuditFilter, **extra: Any) -> str:
    params = {"reference": where.case_reference, "action": where.action, **extra}
    kept = {k: v for k, v in params.items() if v}
    return "?" + urlencode(kept) if kept else ""


def _pagination(shown: AuditPage, where: AuditFilter) -> dict[str, Any] | None:
    """``govukPagination`` parameters: previous, next, the first, last and nearby pages."""
    if shown.pages <= 1:
        return None
    items: list[dict[str, Any]] = []
    for n in range(1, shown.pages + 1):
        if n in (1, shown.pages) or abs(n - shown.number) <= 1:
            href = "/audit" + _query(where, page=n)
            items.append({"number": n, "href": href, "current": n == shown.number})
        elif not items[-1].get("ellipsis"):
            items.append({"ellipsis": True})
    params: dict[str, Any] = {"items": items}
    if shown.number > 1:
        params["previous"] = {"href": "/audit" + _query(where, page=shown.number - 1)}
    if shown.number < shown.pages:
        params["next"] = {"href": "/audit" + _query(where, page=shown.number + 1)}
    return params


def _audit(action: str, where: AuditFilter, detail: str) -> None:
    user = current_staff()
    audit_event(
        container(),
        action,
        actor_id=user.id if user else None,
        actor_email=user.email if user else None,
        detail=f"reference={where.case_reference or '-'}; action={where.action or '-'}; {detail}",
        remote_addr=request.remote_addr,
    )
