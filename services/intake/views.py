"""Public pages: the start page, the serious-incident form and its confirmation."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue

from services.intake.bootstrap import Container
from services.intake.forms import SeriousIncidentForm
from services.intake.handoff import submit_referral
from services.intake.references import london_date
from services.intake.validation import SERIOUS_INCIDENT, check_serious_incident

SERVICE_NAME = "Learning from Practice referrals"
#: the reference of the referral just made, kept in the (signed) session cookie so the
#: confirmation page cannot be reached by guessing a reference in a URL
_CONFIRMED = "confirmed_reference"


def _container() -> Container:
    container: Container = current_app.extensions["cspr"]
    return container


def start() -> ResponseReturnValue:
    return render_template("intake/start.html")


def serious_incident() -> ResponseReturnValue:
    form = SeriousIncidentForm()
    if form.validate_on_submit():
        container = _container()
        checked = check_serious_incident(form.submission(), today=london_date(container.clock()))
        if checked.answers is not None:
            stored = submit_referral(
                referrals=container.referrals,
                queue=container.queue,
                clock=container.clock,
                kind=SERIOUS_INCIDENT,
                answers=checked.answers,
            )
            session[_CONFIRMED] = stored.reference
            return redirect(url_for(".serious_incident_confirmation"), code=303)
        form.show_errors(checked.errors)
    return render_template("intake/serious_incident.html", form=form)


def serious_incident_confirmation() -> ResponseReturnValue:
    reference = session.get(_CONFIRMED)
    if not reference:
        return redirect(url_for(".start"))
    return render_template("intake/confirmation.html", reference=reference)


def referrals_blueprint() -> Blueprint:
    bp = Blueprint("intake", __name__)
    bp.add_url_rule("/", view_func=start, methods=["GET"])
    bp.add_url_rule(
        "/referrals/serious-incident", view_func=serious_incident, methods=["GET", "POST"]
    )
    bp.add_url_rule(
        "/referrals/serious-incident/confirmation",
        view_func=serious_incident_confirmation,
        methods=["GET"],
    )
    return bp
