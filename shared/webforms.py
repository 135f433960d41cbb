"""WTForms classes built from a page of a form definition, with GOV.UK Frontend widgets.

The classes hold no rules beyond CSRF: ``shared.forms.checks`` decides, and its messages are
put on the fields, so the error summary and the field errors show the checker's words.
Each question type has one widget here; ``render_question`` gives the template one call per
question, whatever its type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import (
    Field,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from shared.forms.choice_details import ChoiceDetails
from shared.forms.choices import Choice, MultipleChoice, YesNo, YesNoDetails
from shared.forms.questions import Date, Email, LongText, Phone, Question, Time

YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]


class DatePartsField(Field):
    """Day, month and year boxes, kept exactly as typed; the checker reads the date."""

    widget = GovDateInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        parts = [str(value) for value in valuelist[:3]]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts
        self.data = tuple(parts)

    def _value(self) -> str:
        return ""


class LenientRadioField(RadioField):
    """Radios whose posted value is read by the checker, not refused by WTForms."""

    def pre_validate(self, form: Any) -> None:
        return None


class LenientMultipleField(SelectMultipleField):
    def pre_validate(self, form: Any) -> None:
        return None


class ExclusiveCheckboxesInput(GovCheckboxesInput):
    """Checkboxes with an "or" divider before each exclusive option ("None of the above"),
    as the GOV.UK pattern shows it; the option itself is marked ``behaviour: "exclusive"``
    by ``render_question``, so ticking it unticks the others (and the checker refuses both).
    """

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        items: list[dict[str, Any]] = []
        for item in params["items"]:
            if item.get("behaviour") == "exclusive":
                items.append({"divider": "or"})
            items.append(item)
        params["items"] = items
        return params


def _field(question: Question) -> Field:
    label = shown_label(question)
    hint = question.hint
    if isinstance(question, Date):
        # the error summary links to the first box, as the GOV.UK pattern asks
        return DatePartsField(label, id=f"{question.id}-day", description=hint)
    if isinstance(question, YesNo):
        return LenientRadioField(label, choices=YES_NO, widget=GovRadioInput(), description=hint)
    if isinstance(question, MultipleChoice):
        choices = [SelectChoice(o.value, o.label) for o in question.options]
        widget = ExclusiveCheckboxesInput() if question.exclusive_values else GovCheckboxesInput()
        return LenientMultipleField(label, choices=choices, widget=widget, description=hint)
    if isinstance(question, Choice):
        choices = [SelectChoice(o.value, o.label) for o in question.options]
        return LenientRadioField(label, choices=choices, widget=GovRadioInput(), description=hint)
    if isinstance(question, LongText):
        widget = GovCharacterCount() if question.max_length >= 1_000 else GovTextArea()
        return TextAreaField(label, widget=widget, description=hint)
    return StringField(label, widget=GovTextInput(), description=hint)


def form_class(questions: Sequence[Question], name: str) -> type[FlaskForm]:
    """A FlaskForm with one field per question (and a details box per yes/no-details, and
    per option with details of a choice-details)."""
    fields: dict[str, Field] = {}
    for question in questions:
        fields[question.id] = _field(question)
        if isinstance(question, YesNoDetails):
            fields[question.details_id] = TextAreaField(
                question.details_label, widget=GovTextArea()
            )
        if isinstance(question, ChoiceDetails):
            for details_id in question.details_ids:
                fields[details_id] = TextAreaField(question.details_label, widget=GovTextArea())
    return type(name, (FlaskForm,), fields)


def build_form(
    questions: Sequence[Question], raw: Mapping[str, Sequence[str]], name: str
) -> FlaskForm:
    """The page's form showing ``raw`` (what was posted, or stored answers made raw)."""
    data: MultiDict[str, str] = MultiDict()
    for key, values in raw.items():
        for value in values:
            data.add(key, value)
    return form_class(questions, name)(formdata=data)


def show_errors(form: FlaskForm, errors: Mapping[str, str]) -> None:
    for name, message in errors.items():
        if name in form:
            form[name].errors = [message]


def _text_params(question: Question) -> dict[str, Any]:
    params: dict[str, Any] = {"label": {"classes": "govuk-label--s"}, "attributes": {}}
    if question.autocomplete:
        params["autocomplete"] = question.autocomplete
    if isinstance(question, Email):
        params.update(type="email", spellcheck=False)
    elif isinstance(question, Phone):
        params.update(type="tel", classes="govuk-input--width-20")
    elif isinstance(question, Time):
        params.update(classes="govuk-input--width-5")
    elif question.id.endswith("name"):
        params["spellcheck"] = False
    return params


def shown_label(question: Question) -> str:
    """GOV.UK marks the optional questions, not the required ones."""
    return question.label if question.required else f"{question.label} (optional)"


def _legend(question: Question) -> dict[str, Any]:
    return {"legend": {"text": shown_label(question), "classes": "govuk-fieldset__legend--s"}}


def _choice_params(question: Question, **extra: Any) -> dict[str, Any]:
    # the widget always sends a hint; an empty one would be an empty described-by target
    return {
        "fieldset": _legend(question),
        "hint": {"text": question.hint} if question.hint else None,
        **extra,
    }


def _details_box(form: FlaskForm, details_id: str) -> Markup:
    details: Markup = form[details_id](params={"rows": 3, "label": {"classes": "govuk-label--s"}})
    return details


def render_question(form: FlaskForm, question: Question) -> Markup:
    """One question's GOV.UK component, errors included (the widgets return Markup)."""
    field = form[question.id]
    if isinstance(question, Date):
        return field(id=question.id, params={"fieldset": _legend(question)})
    if isinstance(question, YesNoDetails):
        details = _details_box(form, question.details_id)
        return field(
            params=_choice_params(question, items=[{"conditional": {"html": details}}, {}])
        )
    if isinstance(question, ChoiceDetails):
        # each option that asks for details reveals its own box (unique names and ids)
        items: list[dict[str, Any]] = [
            {"conditional": {"html": _details_box(form, question.details_id_for(option.value))}}
            if option.value in question.details_options
            else {}
            for option in question.options
        ]
        return field(params=_choice_params(question, items=items))
    if isinstance(question, MultipleChoice) and question.exclusive_values:
        exclusive = [{"behaviour": "exclusive"} if o.exclusive else {} for o in question.options]
        return field(params=_choice_params(question, items=exclusive))
    if isinstance(question, YesNo):
        return field(params=_choice_params(question, classes="govuk-radios--inline"))
    if isinstance(question, Choice):
        return field(params=_choice_params(question))
    if isinstance(question, LongText):
        params: dict[str, Any] = {
            "rows": question.rows,
            "label": {"classes": "govuk-label--s"},
        }
        if question.max_length >= 1_000:
            params["maxlength"] = question.max_length
        return field(params=params)
    return field(params=_text_params(question))


def raw_of(questions: Iterable[Question], answers: Mapping[str, Any]) -> dict[str, list[str]]:
    raw: dict[str, list[str]] = {}
    for question in questions:
        raw.update(question.to_raw(answers.get(question.id)))
    return raw
