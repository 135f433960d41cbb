"""The working-day calculator: a console page for staff and a JSON endpoint for services."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from services.scheduler.domain.clocks import london_date
from services.scheduler.web.date_input import DateAnswer, date_spec, read_date
from services.scheduler.web.session import container
from services.scheduler.workingday_calculator import (
    MAX_DAYS,
    Counted,
    count_working_days,
    ordinal,
)

bp = Blueprint("working_days", __name__)

START = date_spec("start", "Start date", "The start date")
NUMBER_MISSING = "Enter the number of working days"
NUMBER_WRONG = f"The number of working days must be a whole number between 0 and {MAX_DAYS}"


def read_number(raw: str) -> tuple[int | None, str]:
    text = raw.strip()
    if not text:
        return None, NUMBER_MISSING
    if not text.isascii() or not text.isdigit() or int(text) > MAX_DAYS:
        return None, NUMBER_WRONG
    return int(text), ""


@bp.get("/working-days")
def calculator() -> ResponseReturnValue:
    c = container()
    asked = bool(request.args)
    start = DateAnswer({}, None)
    number_text = request.args.get("days", "")
    number_error = ""
    counted: Counted | None = None
    if asked:
        start = read_date(START, request.args, london_date(c.clock()))
        number, number_error = read_number(number_text)
        if start.value is not None and number is not None:
            counted = count_working_days(c.calendar, start.value, number)
    errors = [{"text": start.error, "href": "#start-day"}] if start.error else []
    if number_error:
        errors.append({"text": number_error, "href": "#days"})
    return render_template(
        "working_days.html",
        start=start,
        number_text=number_text,
        number_error=number_error,
        errors=errors,
        counted=counted,
        ordinal=ordinal,
        page_title=("Error: " if errors else "") + "Working-day calculator",
    )


def _bad(reason: str) -> ResponseReturnValue:
    return jsonify(error="bad_request", reason=reason), 400


@bp.get("/api/v1/working-days")
def api() -> ResponseReturnValue:
    raw_from = request.args.get("from", "")
    try:
        start = date.fromisoformat(raw_from) if len(raw_from) == 10 else None
    except ValueError:
        start = None
    if start is None:
        return _bad("from must be a real date written YYYY-MM-DD, like 2026-04-09")
    number, problem = read_number(request.args.get("add", ""))
    if number is None:
        return _bad(f"add: {problem[0].lower()}{problem[1:]}")
    counted = count_working_days(container().calendar, start, number)
    return jsonify({"from": start.isoformat(), "add": number, "date": counted.result.isoformat()})
