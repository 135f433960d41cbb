"""The wording of every email, readable in the console (issue 9): ``GET /emails``.

A thin view over the notifier's ``email_wording`` (``services/notifier/readmodel.py``, the
only notifier module the scheduler imports). It shows when each email is sent, who gets it
and its text with made-up example values; nobody edits the wording here (the templates are
the notifier's files). It shows no case, so there is nothing personal to audit.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from services.notifier.readmodel import email_wording

bp = Blueprint("email_wording", __name__)


@bp.get("/emails")
def emails() -> ResponseReturnValue:
    return render_template(
        "email_wording.html", wordings=email_wording(), page_title="Emails the service sends"
    )
