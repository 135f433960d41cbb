"""The scoping request to an agency: what it says, its attached letter, when it is not
sent, and sending it once."""

from __future__ import annotations

import hashlib
import io
import logging
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

import pytest
from pypdf import PdfReader

from services.notifier.app import create_app
from services.notifier.backends import Attachment, TemporaryFailure
from services.notifier.documents_client import (
    ChecksumMismatch,
    DocumentUnavailable,
    NotAPdf,
    safe_filename,
)
from services.notifier.jobs import send_scoping_request as job
from services.notifier.messages import Kept, Outgoing
from services.notifier.scoping import (
    Outcome,
    RequestNotFound,
    compose,
    idempotency_key,
    send_scoping_request,
)
from services.notifier.statuses import Status
from services.scheduler.readmodel import ScopingRequest
from shared import runtime
from shared.config import load_config
from shared.logsafe import PersonalDataFilter
from tests.unit.notifier.agency_factories import (
    AGENCY,
    AGENCY_EMAIL,
    CASE_AGENCY_ID,
    CHILD_DOB,
    CHILD_NAME,
    LETTER_ID,
    LETTER_NAME,
    OPS,
    OUTLINE,
    REFERENCE,
    REPRESENTATIVE,
    TOKEN,
    make_letter,
    make_request,
    make_settings,
    pdf_bytes,
    referral_answers,
)
from tests.unit.notifier.fakes import (
    FakeMailer,
    InMemoryDocuments,
    InMemoryMessages,
    InMemoryScopingRequests,
)
from tests.unit.notifier.mime import mime as build_message
from tests.unit.notifier.referrer_factories import answer_strings

NOW = datetime(2026, 12, 7, 10, 5, tzinfo=UTC)
LINK = f"https://forms.partnership.example/scoping/{TOKEN}"
SUBJECT = "Rapid Review: initial scoping request (GSCP-2026-0001), reply by 14 December 2026"


class RecordingMessages(InMemoryMessages):
    """The fake store, keeping what each send recorded in ``notifier_message``."""

    def __init__(self) -> None:
        super().__init__()
        self.claimed: list[Outgoing] = []

    def record(
        self, outgoing: Outgoing, *, reference: str, now: datetime, kept: Kept | None
    ) -> None:
        self.claimed.append(outgoing)
        super().record(outgoing, reference=reference, now=now, kept=kept)


def run(
    requests: InMemoryScopingRequests,
    documents: InMemoryDocuments,
    mailer: FakeMailer,
    messages: InMemoryMessages,
    *,
    serial: int = 1,
    now: datetime = NOW,
) -> Outcome:
    return send_scoping_request(
        CASE_AGENCY_ID,
        serial,
        TOKEN,
        LETTER_ID,
        requests=requests,
        documents=documents,
        messages=messages,
        mailer=mailer,
        settings=make_settings(),
        clock=lambda: now,
    )


def fakes(
    request: ScopingRequest | None = None,
) -> tuple[InMemoryScopingRequests, InMemoryDocuments, FakeMailer, RecordingMessages]:
    request = request or make_request()
    return (
        InMemoryScopingRequests([(CASE_AGENCY_ID, request)]),
        InMemoryDocuments({LETTER_ID: make_letter()}),
        FakeMailer(),
        RecordingMessages(),
    )


def plain(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def test_subject_and_body_ask_for_the_form_by_the_deadline() -> None:
    content = compose(make_request(), token=TOKEN, settings=make_settings())
    assert content.subject == SUBJECT
    text = content.text
    assert text.startswith("Greenwich Safeguarding Children Partnership\n")
    assert f"Dear {REPRESENTATIVE},\n" in text
    assert (
        "Greenwich Safeguarding Children Partnership has received notification of a serious "
        "incident" in text
    )
    assert "is holding a Rapid Review to consider the case." in text
    assert (
        f"Please complete the Initial Scoping and Information Sharing form for {AGENCY} by "
        "5pm on Monday 14 December 2026." in text
    )
    assert (
        "If the child and family are not known to your agency, tell us through the same link."
        in text
    )
    assert f"Use this link to open the form:\n{LINK}\n" in text
    assert "The link works until 5pm on Saturday 19 December 2026." in text
    assert f"The link is for {AGENCY} only. Do not forward it" in text
    assert "You can save your answers and come back to them later through the same link." in text
    assert "The letter about this Rapid Review comes with this email, as a PDF file." in text
    assert (
        "Please secure your agency's records about the child and family, and keep your "
        "submission separate from your case files." in text
    )
    assert f"Contact the Partnership Operations Team, quoting reference {REFERENCE}:" in text
    assert "Telephone: 020 8921 8732\n" in text
    assert f"Email: {OPS}\n" in text
    html = content.html
    assert f'<a href="{LINK}">{LINK}</a>' in html
    assert "<strong>5pm on Monday 14 December 2026</strong>" in html
    assert f'<a href="mailto:{OPS}">{OPS}</a>' in html
    assert "&lt;" not in text and "&amp;" not in text


def test_the_html_part_is_escaped_and_the_text_part_is_not() -> None:
    request = make_request(agency_name="Smith & Jones <Care>", representative="Dr A <b>Lee</b>")
    content = compose(request, token=TOKEN, settings=make_settings())
    assert "Smith &amp; Jones &lt;Care&gt;" in content.html
    assert "Dear Dr A &lt;b&gt;Lee&lt;/b&gt;," in content.html
    assert "<Care>" not in content.html and "<b>Lee" not in content.html
    assert "for Smith & Jones <Care> by 5pm" in content.text
    assert "Dear Dr A <b>Lee</b>," in content.text


def test_no_representative_named_is_a_dear_colleague_letter() -> None:
    content = compose(make_request(representative="  "), token=TOKEN, settings=make_settings())
    assert "Dear colleague,\n" in content.text


def test_nothing_about_the_child_reaches_the_email_or_its_attachment() -> None:
    """The case's referral names the child, and ops' summary of the case does too; the
    email carries the reference only."""
    answers = referral_answers()
    request = make_request(summary_of_case=f"{CHILD_NAME}, born {CHILD_DOB}: {OUTLINE}")
    requests, documents, mailer, messages = fakes(request)
    assert run(requests, documents, mailer, messages) is Outcome.SENT
    [sent] = mailer.sent
    [attachment] = list(sent.iter_attachments())
    parts = [
        str(sent["Subject"]),
        plain(sent),
        str(sent.get_body(preferencelist=("html",)).get_content()),  # type: ignore[union-attr]
        "\n".join(f"{k}: {v}" for k, v in sent.items()),
        str(attachment.get_filename()),
    ]
    values = [value for value in answer_strings(answers) if len(value) >= 5]
    assert CHILD_NAME in values and OUTLINE in values and CHILD_DOB in values
    for value in [*values, request.summary_of_case, request.time_period]:
        assert all(value not in part for part in parts), value
    for personal in ("Amelia", "Hartley", "14 March 2019", "14/03/2019", "Jo Example"):
        assert all(personal not in part for part in parts), personal
    assert REFERENCE in parts[0] and REFERENCE in parts[1]


def test_sends_the_letter_attached_to_the_representative_once() -> None:
    requests, documents, mailer, messages = fakes()
    assert run(requests, documents, mailer, messages) is Outcome.SENT
    [sent] = mailer.sent
    assert sent["To"] == AGENCY_EMAIL
    assert sent["From"] == "cspr@partnership.example"
    assert sent["Reply-To"] == OPS
    assert sent["Subject"] == SUBJECT
    assert sent.get_content_type() == "multipart/mixed"
    assert LINK in plain(sent)
    [attachment] = list(sent.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == LETTER_NAME
    assert attachment.get_content_disposition() == "attachment"
    data = attachment.get_content()
    assert data == documents.documents[LETTER_ID].data
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert documents.fetched == [LETTER_ID]

    key = idempotency_key(CASE_AGENCY_ID, 1)
    [claimed] = messages.claimed
    assert claimed == Outgoing(
        key, "scoping_request", REFERENCE, AGENCY_EMAIL, SUBJECT, secret=True
    )
    record = messages.get(key)
    assert record is not None and record.status == Status.SENT
    assert record.backend_id == sent["Message-ID"]

    # run again: nothing more sent, and the letter is not even fetched
    assert run(requests, documents, mailer, messages) is Outcome.ALREADY_SENT
    assert len(mailer.sent) == 1
    assert documents.fetched == [LETTER_ID]


def test_an_email_without_attachments_is_built_as_before() -> None:
    content = compose(make_request(), token=TOKEN, settings=make_settings())
    bare = build_message(content, to=AGENCY_EMAIL, mail_from="a@b.example", key="k", now=NOW)
    assert bare.get_content_type() == "multipart/alternative"
    assert list(bare.iter_attachments()) == []
    letter = Attachment("letter.pdf", "application/pdf", pdf_bytes())
    odd = Attachment("notes", "", b"x")
    both = build_message(
        content,
        to=AGENCY_EMAIL,
        mail_from="a@b.example",
        key="k",
        now=NOW,
        attachments=(letter, odd),
    )
    assert both.get_content_type() == "multipart/mixed"
    alternative, *files = list(both.iter_parts())
    assert alternative.get_content_type() == "multipart/alternative"
    assert [(f.get_filename(), f.get_content_type()) for f in files] == [
        ("letter.pdf", "application/pdf"),
        ("notes", "application/octet-stream"),
    ]
    assert bare["Message-ID"] == both["Message-ID"]


def test_idempotency_key_names_agency_and_serial_only() -> None:
    assert idempotency_key(12, 3) == "scoping-request:12:3"
    assert TOKEN not in idempotency_key(12, 3)


@pytest.mark.parametrize(
    ("request_", "outcome"),
    [
        (make_request(revoked=True), Outcome.REVOKED),
        (make_request(revoked=True, replaced=True), Outcome.REPLACED),
        (make_request(replaced=True), Outcome.REPLACED),
        (make_request(revoked=True, removed=True), Outcome.REMOVED),
        (make_request(removed=True), Outcome.REMOVED),
        (make_request(expires_at=NOW), Outcome.EXPIRED),
        (make_request(expires_at=NOW - timedelta(days=1)), Outcome.EXPIRED),
        (make_request(email=""), Outcome.NO_ADDRESS),
    ],
)
def test_a_link_that_no_longer_opens_the_form_is_not_sent(
    request_: ScopingRequest, outcome: Outcome
) -> None:
    requests, documents, mailer, messages = fakes(request_)
    assert run(requests, documents, mailer, messages) is outcome
    assert mailer.sent == [] and messages.records == {} and documents.fetched == []


def test_still_sent_one_second_before_the_link_expires() -> None:
    requests, documents, mailer, messages = fakes(
        make_request(expires_at=NOW + timedelta(seconds=1))
    )
    assert run(requests, documents, mailer, messages) is Outcome.SENT


def test_a_link_not_readable_yet_raises_so_the_job_is_retried() -> None:
    requests, documents, mailer, messages = fakes()
    with pytest.raises(RequestNotFound):
        run(requests, documents, mailer, messages, serial=2)
    assert mailer.sent == [] and messages.records == {}


@pytest.mark.parametrize(
    ("letter", "error"),
    [
        (make_letter(sha256="0" * 64), ChecksumMismatch),
        (make_letter(sha256=""), ChecksumMismatch),
        # cut short on the way: the bytes no longer match what was recorded
        (
            make_letter(sha256=hashlib.sha256(pdf_bytes()).hexdigest(), data=b"%PDF-1.7"),
            ChecksumMismatch,
        ),
        (make_letter(data=b"PK\x03\x04 a docx", content_type="application/pdf"), NotAPdf),
        (make_letter(content_type="application/octet-stream"), NotAPdf),
    ],
)
def test_a_letter_that_fails_its_checks_is_not_attached_and_nothing_is_sent(
    letter: object, error: type[Exception]
) -> None:
    requests, documents, mailer, messages = fakes()
    documents.documents[LETTER_ID] = letter  # type: ignore[assignment]
    with pytest.raises(error):
        run(requests, documents, mailer, messages)
    assert issubclass(error, DocumentUnavailable)  # RQ retries, as for a service down
    assert mailer.sent == [] and messages.records == {}


def test_documents_unavailable_raises_then_a_retry_sends() -> None:
    requests, documents, mailer, messages = fakes()
    letter = documents.documents.pop(LETTER_ID)
    with pytest.raises(DocumentUnavailable):
        run(requests, documents, mailer, messages)
    assert mailer.sent == [] and messages.records == {}
    documents.documents[LETTER_ID] = letter
    assert run(requests, documents, mailer, messages) is Outcome.SENT


def test_a_refused_send_is_recorded_failed_and_retried() -> None:
    requests, documents, mailer, messages = fakes()
    mailer.failing.add(AGENCY_EMAIL)
    with pytest.raises(TemporaryFailure):
        run(requests, documents, mailer, messages)
    record = messages.get(idempotency_key(CASE_AGENCY_ID, 1))
    assert record is not None and record.status == Status.TEMPORARY_FAILURE
    mailer.failing.clear()
    assert run(requests, documents, mailer, messages) is Outcome.SENT
    assert len(mailer.sent) == 1


def test_the_token_and_the_address_never_reach_the_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    run(*fakes())
    run(*fakes(make_request(revoked=True)))
    requests, documents, mailer, messages = fakes()
    mailer.failing.add(AGENCY_EMAIL)
    with pytest.raises(TemporaryFailure):
        run(requests, documents, mailer, messages)
    requests, documents, mailer, messages = fakes()
    documents.documents[LETTER_ID] = make_letter(sha256="0" * 64)
    with pytest.raises(ChecksumMismatch):
        run(requests, documents, mailer, messages)
    assert f"scoping request 1 for case agency {CASE_AGENCY_ID} on {REFERENCE} sent" in caplog.text
    assert "not sent: link revoked" in caplog.text
    assert TOKEN not in caplog.text
    assert AGENCY_EMAIL not in caplog.text and REPRESENTATIVE not in caplog.text


def test_the_log_filter_masks_the_link_should_it_ever_be_logged() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "link %s", (LINK,), None)
    assert PersonalDataFilter().filter(record)
    assert TOKEN not in record.getMessage()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (LETTER_NAME, LETTER_NAME),
        ("../../etc/passwd", "passwd"),
        ("C:\\letters\\letter.pdf", "letter.pdf"),
        ('bad"\r\nname.pdf', "badname.pdf"),
        ("", "document-41.pdf"),
        (None, "document-41.pdf"),
        ("..", "document-41.pdf"),
    ],
)
def test_the_attachment_name_has_no_path_or_control_characters(
    given: str | None, expected: str
) -> None:
    assert safe_filename(given, 41) == expected


def test_the_job_uses_the_registered_container() -> None:
    runtime.clear()
    requests, documents, mailer, messages = fakes()
    config = load_config(
        "notifier",
        {
            "CSPR_ENV": "test",
            "DATABASE_URL": "sqlite:///:memory:",
            "OPS_EMAIL": OPS,
            "MAIL_FROM": "cspr@partnership.example",
            "INTAKE_URL": "https://forms.partnership.example/",
        },
    )
    try:
        create_app(
            config,
            mailer=mailer,
            messages=messages,
            scoping_requests=requests,
            documents=documents,
            clock=lambda: NOW,
        )
        job(case_agency_id=CASE_AGENCY_ID, serial=1, token=TOKEN, document_id=LETTER_ID)
    finally:
        runtime.clear()
    [sent] = mailer.sent
    assert sent["To"] == AGENCY_EMAIL and sent["Reply-To"] == OPS
    assert LINK in plain(sent)
    assert "Contact the Partnership Operations Team" in plain(sent)
    assert [a.get_filename() for a in sent.iter_attachments()] == [LETTER_NAME]


def test_due_dates_are_said_as_gov_uk_writes_them() -> None:
    request = make_request(due_on=date(2027, 1, 4))
    content = compose(request, token=TOKEN, settings=make_settings())
    assert content.subject.endswith("reply by 4 January 2027")
    assert "by 5pm on Monday 4 January 2027." in content.text
