"""A document that cannot be made says why: the reason recorded with its stage and
attempts, nothing stored, a template's failure not retried, a later success resolving it.
Every port faked; the template is a real .docx filled by docxtpl."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError
from rq import Retry
from rq.job import Job

from services.documents import jobs
from services.documents.app import create_app
from services.documents.failures import (
    CONVERT,
    DETAIL_MAX,
    RENDER,
    STORE,
    DocumentFailed,
    diagnose,
)
from services.documents.generation import Generated, generate_referral
from services.documents.ports import ConversionError, ConversionTimeout, StoreError
from services.documents.render import render_docx
from services.documents.rr_generation import generate_panel_letter
from shared import runtime
from shared.config import load_config
from tests.unit.documents.factories import NOW, PARTNERSHIP, Fakes, make_case
from tests.unit.documents.fakes import InMemoryReports
from tests.unit.documents.rr_factories import LETTER_SETTINGS, make_report
from tests.unit.documents.template_files import docx_template

REFERENCE = "GSCP-2026-0001"
TITLE = "Referral of a serious incident"


def generate(fakes: Fakes, **extra: Any) -> Generated:
    return generate_referral(
        REFERENCE,
        cases=fakes.cases,
        store=fakes.store,
        converter=fakes.converter,
        records=fakes.records,
        announcer=fakes.announcer,
        failures=fakes.failures,
        partnership_name=PARTNERSHIP,
        clock=lambda: NOW,
        **extra,
    )


def nothing_made(fakes: Fakes) -> bool:
    return (
        fakes.store.objects == {} and fakes.records.rows == {} and fakes.announcer.announced == []
    )


def undefined(source: str) -> UndefinedError:
    with pytest.raises(UndefinedError) as raised:
        environment = Environment(autoescape=True, undefined=StrictUndefined)
        environment.from_string(source).render(reference="x")
    return raised.value


@pytest.mark.parametrize(
    ("source", "field"),
    [
        ("{{ panel_chair_title }}", "panel_chair_title"),
        ("{{ panel_chair_title.upper() }}", "panel_chair_title"),
        ("{{ {'a': 1}.title_of_panel }}", "title_of_panel"),
    ],
)
def test_a_field_the_context_lacks_is_named(source: str, field: str) -> None:
    found = diagnose("Letter to the Panel", undefined(source))
    assert found is not None
    assert (found.stage, found.permanent) == (RENDER, True)
    assert found.reason == (
        f"The Letter to the Panel template uses a field cspr does not provide: {field}"
    )


def test_each_stage_has_its_own_reason_and_only_the_template_is_permanent() -> None:
    syntax = diagnose("Report", TemplateSyntaxError("unexpected '}'", 3))
    timeout = diagnose("Report", ConversionTimeout("no unoserver converted it within 60s"))
    refused = diagnose("Report", ConversionError("Fault 1: Could not load document"))
    store = diagnose("Report", StoreError("could not store cases/X/v1.pdf: S3Error"))

    assert syntax is not None and timeout is not None and refused is not None
    assert store is not None
    assert (syntax.stage, syntax.permanent) == (RENDER, True)
    assert syntax.reason == "The Report template cannot be filled in (unexpected '}')"
    assert (timeout.stage, timeout.permanent) == (CONVERT, False)
    assert timeout.reason == (
        "LibreOffice did not convert the Report to PDF in time "
        "(no unoserver converted it within 60s)"
    )
    assert (refused.stage, refused.permanent) == (CONVERT, False)
    assert refused.reason == (
        "LibreOffice could not convert the Report to PDF (Fault 1: Could not load document)"
    )
    assert (store.stage, store.permanent) == (STORE, False)
    assert (
        store.reason == "The document store failed while the Report was made "
        "(could not store cases/X/v1.pdf: S3Error)"
    )


def test_a_long_message_is_cut_and_other_errors_are_not_the_stages_own() -> None:
    found = diagnose("Report", ConversionError("x" * 5000))
    assert found is not None
    detail = found.reason.removeprefix("LibreOffice could not convert the Report to PDF (")
    assert len(detail.removesuffix(")")) == DETAIL_MAX
    assert diagnose("Report", KeyError("child_name")) is None


def test_a_template_using_an_unknown_field_is_recorded_and_nothing_is_made(
    tmp_path: Path,
) -> None:
    fakes = Fakes(make_case())
    template = docx_template(tmp_path / "t.docx", "Case {{ reference }}", "{{ child_title }}")

    with pytest.raises(DocumentFailed) as raised:
        generate(fakes, render=lambda context: render_docx(template, context))

    reason = f"The {TITLE} template uses a field cspr does not provide: child_title"
    assert raised.value.reason == reason
    assert nothing_made(fakes)
    assert fakes.converter.calls == [], "never converted"
    [row] = fakes.failures.open()
    assert (row.failure.stage, row.failure.reason, row.attempts) == (RENDER, reason, 1)
    assert (row.failure.case_reference, row.failure.kind, row.failure.source) == (
        REFERENCE,
        "referral",
        "referral",
    )
    assert row.failure.document == TITLE
    assert row.failed_at == NOW


def test_a_failed_conversion_counts_its_attempts_and_a_later_success_resolves_it() -> None:
    fakes = Fakes(make_case())
    fakes.converter.fail_with = ConversionError(
        "LibreOffice on unoserver 127.0.0.1:2003 could not convert the document"
    )
    for _ in range(3):
        with pytest.raises(ConversionError):
            generate(fakes)
    assert nothing_made(fakes)
    [row] = fakes.failures.open()
    assert (row.failure.stage, row.attempts) == (CONVERT, 3)
    assert row.failure.reason.startswith(f"LibreOffice could not convert the {TITLE} to PDF (")

    fakes.converter.fail_with = None
    made = generate(fakes)

    assert [r.format for r in made.records] == ["docx", "pdf"]
    assert fakes.failures.open() == []
    [resolved] = fakes.failures.rows
    assert resolved.resolved_at == NOW and resolved.attempts == 3


def test_a_store_failure_is_recorded_and_retried() -> None:
    fakes = Fakes(make_case())
    fakes.store.down = True
    with pytest.raises(StoreError):
        generate(fakes)
    [row] = fakes.failures.open()
    assert row.failure.stage == STORE
    assert fakes.records.rows == {}


def test_a_failure_of_another_kind_is_neither_recorded_nor_resolved() -> None:
    fakes = Fakes(make_case(form_version=99))
    with pytest.raises(Exception, match="99"):
        generate(fakes)
    assert fakes.failures.rows == []


def test_the_panel_letter_names_itself_in_the_reason(tmp_path: Path) -> None:
    world, reports = Fakes(), InMemoryReports(make_report())
    template = docx_template(tmp_path / "letter.docx", "Dear {{ panel_chair_title }}")
    with pytest.raises(DocumentFailed):
        generate_panel_letter(
            REFERENCE,
            1,
            reports=reports,
            store=world.store,
            converter=world.converter,
            records=world.records,
            announcer=world.announcer,
            failures=world.failures,
            settings=LETTER_SETTINGS,
            clock=lambda: NOW,
            render=lambda context: render_docx(template, context),
        )
    [row] = world.failures.open()
    assert row.failure.reason == (
        "The Letter to the Child Safeguarding Practice Review Panel template uses a field "
        "cspr does not provide: panel_chair_title"
    )
    assert (row.failure.kind, row.failure.source) == ("panel-letter", "report-v1")
    assert world.store.objects == {}


class _Connection:
    """The one call ``Job.perform`` makes of Redis."""

    def persist(self, key: str) -> None:
        pass


@pytest.fixture
def job_fakes() -> Iterator[Fakes]:
    runtime.clear()
    fakes = Fakes(make_case())
    config = load_config(
        "documents",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "SERVICE_TOKEN": "unit-test-service-token-0123456789",
            "UNOSERVER_POOL": "127.0.0.1:9",
        },
    )
    create_app(config, **fakes.overrides())
    yield fakes
    runtime.clear()


def referral_job() -> Job:
    """The job as RQ runs it, with the contract's 5 retries left."""
    return Job.create(
        jobs.render_referral,
        kwargs={"case_reference": REFERENCE},
        connection=_Connection(),  # type: ignore[arg-type]
        retry=Retry(max=5, interval=[30, 60, 300, 900, 1800]),
    )


def test_the_job_spends_no_retries_on_a_template(job_fakes: Fakes, tmp_path: Path) -> None:
    template = docx_template(tmp_path / "answers.docx", "{{ child_title }}")
    # the template in use: an administrator's own (services/documents/template_source.py)
    job_fakes.template_library.put("answers", template.read_bytes())
    job = referral_job()

    with pytest.raises(DocumentFailed):
        job.perform()

    assert job.retries_left == 0, "RQ retries only while retries are left"
    assert len(job_fakes.failures.open()) == 1
    assert nothing_made(job_fakes)


def test_the_job_keeps_its_retries_for_a_conversion(job_fakes: Fakes) -> None:
    job_fakes.converter.fail_with = ConversionTimeout("no unoserver converted the document")
    job = referral_job()

    with pytest.raises(ConversionTimeout):
        job.perform()

    assert job.retries_left == 5
    [row] = job_fakes.failures.open()
    assert row.failure.stage == CONVERT
