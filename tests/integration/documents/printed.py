"""Reading back what a document printed: the PDF and the .docx from the S3 server with an
independent client, checked against their recorded SHA-256, the PDF an archival record
(``tests/support/pdf_records.py``) and every value in it as it was typed."""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

import docx
from minio import Minio
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job, JobStatus
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.documents.common import DOCX, PDF
from services.documents.tables import document
from tests.support import realistic
from tests.support.pdf_records import assert_archival_record

PARTNERSHIP = "Greenwich Safeguarding Children Partnership"


def words(text: str) -> str:
    """Text with the layout's line breaks folded into single spaces (and none after a
    hyphen a line ended on)."""
    return re.sub(r"(?<=\w-) (?=\w)", "", " ".join(text.split()))


def printed(*values: str) -> list[str]:
    return [words(v) for v in values]


def assert_printed_as_typed(text: str, *values: str) -> None:
    flat = words(text)
    missing = [v for v in printed(*values) if v not in flat]
    assert missing == [], f"not in the PDF as typed: {missing}"
    rest = flat
    for typed in realistic.TYPED_TAGS:
        rest = rest.replace(typed, "")
    left = [tag for tag in ("{{", "}}", "{%", "%}") if tag in rest]
    assert left == [], f"the template's own tags were left in: {left}"


def run_documents_jobs(redis_conn: Redis, *job_ids: str) -> None:
    SimpleWorker([Queue("documents", connection=redis_conn)], connection=redis_conn).work(
        burst=True
    )
    for job_id in job_ids:
        if Job.exists(job_id, connection=redis_conn):  # one with secret arguments is deleted
            job = Job.fetch(job_id, connection=redis_conn)
            assert job.get_status() == JobStatus.FINISHED, job.latest_result()


def stored(engine: Engine, kind: str) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(document).where(document.c.kind == kind)).mappings().all()
    assert {r["format"] for r in rows} == {DOCX, PDF}, f"{kind} was not made"
    return {r["format"]: dict(r) for r in rows}


def read_back(s3_client: Minio, bucket: str, row: dict[str, Any]) -> bytes:
    response = s3_client.get_object(bucket, str(row["object_key"]))
    try:
        data = bytes(response.read())
    finally:
        response.close()
        response.release_conn()
    assert hashlib.sha256(data).hexdigest() == row["sha256"]
    return data


def docx_text(data: bytes) -> str:
    """Every paragraph's and table cell's text: the .docx opens, its XML intact."""
    opened = docx.Document(io.BytesIO(data))
    cells = [c.text for t in opened.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in opened.paragraphs] + cells)


def check_document(
    s3_client: Minio,
    bucket: str,
    files: dict[str, dict[str, Any]],
    *,
    title: str,
    subject: str,
    values: tuple[str, ...],
) -> str:
    """The PDF an archival record with every value printed as typed, the .docx too; the
    PDF's text."""
    reader = assert_archival_record(
        read_back(s3_client, bucket, files[PDF]), title=title, author=PARTNERSHIP, subject=subject
    )
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert_printed_as_typed(text, *values)
    in_word = words(docx_text(read_back(s3_client, bucket, files[DOCX])))
    assert [v for v in printed(*values) if v not in in_word] == []
    return text
