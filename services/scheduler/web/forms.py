from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import Form, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from services.scheduler.store.audit import AuditFilter

BAD_CREDENTIALS = "Enter a correct email address and password"


class SignInForm(FlaskForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired("Enter your email address"), Length(max=320)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your password"), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class AuditFilterForm(Form):
    """The audit page's filters, read from the query string (a GET form: no CSRF token)."""

    reference = StringField(
        "Case reference",
        widget=GovTextInput(),
        filters=[lambda v: v.strip().upper() if isinstance(v, str) else v],
        validators=[
            Optional(),
            Regexp(r"^[A-Z0-9-]{1,32}$", message="Enter a case reference like GSCP-2026-0001"),
        ],
        render_kw={"spellcheck": "false"},
    )
    action = SelectField("Action", widget=GovSelect(), validate_choice=False)

    def __init__(self, formdata: Any, actions: list[str]) -> None:
        super().__init__(formdata)
        self.action.choices = [("", "Any action"), *((a, a) for a in actions)]

    def validate_action(self, field: SelectField) -> None:
        if field.data and field.data not in {value for value, _ in field.choices or []}:
            raise ValidationError("Choose an action from the list")

    def audit_filter(self) -> AuditFilter:
        return AuditFilter(
            case_reference=self.reference.data or None, action=self.action.data or None
        )
