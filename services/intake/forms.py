"""The serious-incident referral form (App. i, first slice) with GOV.UK Frontend widgets.

Labels are the seed form's own wording: practitioners know these forms. The form holds no
rules beyond CSRF: ``validation.check_serious_incident`` decides, and its messages are put
on the fields so the GOV.UK error summary and field errors show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import Field, StringField, SubmitField, TextAreaField

from services.intake.validation import SeriousIncidentSubmission

OUTLINE_LABEL = (
    "Please provide a brief outline of the child and family circumstances and the incident "
    "that triggered this referral:"
)
OUTLINE_HINT = (
    "Please note: the information you provide will be used to help establish whether the "
    "case meets the criteria for a Child Safeguarding Practice Review or other type of "
    "learning review."
)


class DatePartsField(Field):
    """Day, month and year boxes, kept exactly as typed; the domain reads the date."""

    widget = GovDateInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        # Always three parts, whatever was posted, so the widget can redisplay them.
        parts = [str(value) for value in valuelist[:3]]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts
        self.data = tuple(parts)

    def _value(self) -> str:
        return ""


class SeriousIncidentForm(FlaskForm):
    child_name = StringField("Name of Child", widget=GovTextInput())
    # The error summary links to the first box ("-day"), as the GOV.UK pattern asks.
    child_date_of_birth = DatePartsField(
        "Date of Birth", id="child_date_of_birth-day", description="For example, 27 3 2007"
    )
    referrer_name = StringField("Name of Person Making referral", widget=GovTextInput())
    referrer_agency = StringField("Agency Designation and Title", widget=GovTextInput())
    referrer_email = StringField("E-mail address", widget=GovTextInput())
    outline = TextAreaField(OUTLINE_LABEL, widget=GovTextArea(), description=OUTLINE_HINT)
    submit = SubmitField("Submit referral", widget=GovSubmitInput())

    def submission(self) -> SeriousIncidentSubmission:
        day, month, year = self.child_date_of_birth.data or ("", "", "")
        return SeriousIncidentSubmission(
            child_name=self.child_name.data or "",
            dob_day=day,
            dob_month=month,
            dob_year=year,
            referrer_name=self.referrer_name.data or "",
            referrer_agency=self.referrer_agency.data or "",
            referrer_email=self.referrer_email.data or "",
            outline=self.outline.data or "",
        )

    def show_errors(self, errors: Mapping[str, str]) -> None:
        for name, message in errors.items():
            self[name].errors = [message]
