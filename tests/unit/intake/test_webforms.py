"""The GOV.UK widgets built from a definition: a choice with details reveals its box under
the option that asks for it, as a yes/no with details does under "Yes"."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask import Flask

from shared.forms.checks import check_item
from shared.forms.choice_details import ChoiceDetails
from shared.forms.registry import FORMS
from shared.webforms import build_form, render_question, show_errors
from tests.unit.forms.support import TODAY, group, item_question

SCOPING = FORMS["scoping"]
GROUP = group(SCOPING, "family_composition")
MATCHES = item_question(SCOPING, "family_composition", "matches")


def rendered(app: Flask, raw: dict[str, list[str]]) -> BeautifulSoup:
    with app.test_request_context():
        form = build_form(GROUP.questions, raw, "PersonForm")
        show_errors(form, check_item(GROUP, raw, TODAY).errors)
        return BeautifulSoup(str(render_question(form, MATCHES)), "html.parser")


def test_the_anomalies_box_is_revealed_under_no_there_are_anomalies(app: Flask) -> None:
    assert isinstance(MATCHES, ChoiceDetails)
    page = rendered(app, {"matches": ["anomaly"], "matches_details": ["DOB differs"]})
    radios = page.select("input[type=radio][name=matches]")
    assert [r["value"] for r in radios] == ["yes", "anomaly", "not_known"]
    assert [r.get("data-aria-controls") for r in radios] == [None, "conditional-matches-2", None]
    assert radios[1].has_attr("checked")
    box = page.select_one("#conditional-matches-2 textarea[name=matches_details]")
    assert box is not None and box.get_text() == "DOB differs"
    label = page.select_one("label[for=matches_details]")
    assert label is not None and label.get_text(strip=True) == "Please advise of any anomalies"


def test_a_missing_anomaly_is_shown_on_the_box_and_a_missing_answer_on_the_radios(
    app: Flask,
) -> None:
    page = rendered(app, {"role": ["Mother"], "name": ["Jo"], "matches": ["anomaly"]})
    error = page.select_one("#matches_details-error")
    assert error is not None and "Enter the anomalies" in error.get_text()
    page = rendered(app, {"role": ["Mother"], "name": ["Jo"]})
    error = page.select_one("#matches-error")
    assert error is not None
    assert "Select whether these details match the information held" in error.get_text()
