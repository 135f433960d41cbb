"""The Report of Rapid Review (App. iv) as a document: keys, file names, the template's fields.

The report's answers print through the form definition like a referral's (the same
sections, pages, labels and answer texts as the console shows); the template adds what the
seed's report shows but the form does not ask: the date of the Rapid Review, the list of
participants with its quorum, and the "Date this form submitted to the National Panel"
line left blank for the operations team. One document per final version: keys, file names
and ``documents_document`` kinds carry the version. Plain Python: no Flask, database or
storage here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.documents.common import check_reference, long_date, one_line
from services.documents.fields import Field
from services.documents.ports import RapidReviewReport, ReportParticipant
from services.documents.referral import SECTIONS, form_sections
from shared.forms.model import Form

KIND = "rapid-review-report"
#: the document's title (its properties, the PDF's metadata)
TITLE = "Report of Rapid Review"
FINAL = "final"
#: the safeguarding partners, in the seed's order, as the Panel letter names them
PARTNERS = {
    "local_authority": "the local authority",
    "police": "the police",
    "health": "the health partner",
}


#: what the report's template may print, besides the branding (``branding.FIELDS``)
FIELDS = {
    "reference": Field("The case reference, GSCP-2026-0001", required=True),
    "version": Field("The report's version, 2", required=True),
    "document_title": Field("The form's title, REPORT OF RAPID REVIEW", required=True),
    "caption": Field("The form's appendix, Appendix iv"),
    "meeting_date": Field("The day of the Rapid Review meeting, 17 November 2026"),
    "participants": Field(
        "Everyone at the meeting: loop over it ({%tr for person in participants %}); each "
        "has a name, job_role and agency",
        required=True,
    ),
    "quorum": Field(
        "Whether the meeting was quorate, and which safeguarding partners were not "
        "represented, as a sentence"
    ),
    "sections": SECTIONS,
}


def check_version(version: int) -> int:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError("not a report version")
    return version


def missing_partners(participants: Iterable[ReportParticipant]) -> tuple[str, ...]:
    """The safeguarding partners nobody at the meeting represented, in the seed's order."""
    present = {p.partner for p in participants}
    return tuple(partner for partner in PARTNERS if partner not in present)


def partners_phrase(partners: Iterable[str]) -> str:
    """``the police and the health partner``."""
    names = [PARTNERS[p] for p in partners]
    if len(names) < 2:
        return "".join(names) or "one of the Safeguarding Partners"
    return f"{', '.join(names[:-1])} and {names[-1]}"


def quorum_text(report: RapidReviewReport) -> str:
    if report.quorate:
        return "Quorate: the local authority, the police and the health partner were represented."
    missing = partners_phrase(missing_partners(report.participants))
    return f"Not quorate: the Rapid Review did not include a representative of {missing}."


def report_context(report: RapidReviewReport, form: Form, partnership_name: str) -> dict[str, Any]:
    """The fields of templates/rapid_review_report.docx.

    Values are plain strings; ``render.render_docx`` prints them literally, so ``<``, ``&``
    or ``{{`` typed in an answer or a participant's name appear as typed.
    """
    return {
        "partnership_name": one_line(partnership_name),
        "document_title": one_line(form.document_title),
        "caption": one_line(form.caption),
        "reference": check_reference(report.reference),
        "version": str(check_version(report.version)),
        "meeting_date": long_date(report.meeting_on),
        "participants": [
            {
                "name": one_line(p.name),
                "job_role": one_line(p.job_role),
                "agency": one_line(p.agency),
            }
            for p in report.participants
        ],
        "quorum": quorum_text(report),
        "sections": form_sections(form, report.answers),
    }
