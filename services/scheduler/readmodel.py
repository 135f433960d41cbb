"""What other services may read of the scheduler's data: one case, read-only.

Documents (to fill templates) and the notifier (to word alerts) read cases through this
module only; they never write scheduler tables or import anything else from the scheduler.
Intake reads an agency's scoping link here to open the scoping form behind it.
A case's referral answers are not stored by the scheduler: they come from intake's read
model, with the form definition and version they follow
(``shared.forms.registry.get_form(form_id, form_version)``).

This module is the one entry: the readers live in ``services.scheduler._readmodel``, one
module by what they read (a case, scoping links, the report, approval links, contacts), and
no other service imports those directly.
"""

from __future__ import annotations

from services.scheduler._readmodel.approvals import (
    ApprovalRequest,
    fetch_approval_link,
    fetch_approval_request,
)
from services.scheduler._readmodel.case import CaseSnapshot, DeadlineSnapshot, fetch_case
from services.scheduler._readmodel.contacts import (
    PARTNER_LEAD,
    AgencyContact,
    LeadRepresentative,
    fetch_case_agencies,
    fetch_lead_representatives,
)
from services.scheduler._readmodel.meeting import MeetingSetting, fetch_meeting_setting
from services.scheduler._readmodel.packs import (
    NOTIFICATION_STEPS,
    PackAgency,
    PackCase,
    PackRequest,
    RecordedStep,
    fetch_pack_case,
    fetch_pack_request,
)
from services.scheduler._readmodel.reminders import AgencyReminder, fetch_agency_reminder
from services.scheduler._readmodel.report import (
    MeetingParticipant,
    PartnerDecision,
    ReportSnapshot,
    fetch_report,
)
from services.scheduler._readmodel.scoping import (
    SCOPING,
    SEND_SCOPING,
    ScopingRequest,
    fetch_scoping_link,
    fetch_scoping_request,
)

__all__ = [
    "NOTIFICATION_STEPS",
    "PARTNER_LEAD",
    "SCOPING",
    "SEND_SCOPING",
    "AgencyContact",
    "AgencyReminder",
    "ApprovalRequest",
    "CaseSnapshot",
    "DeadlineSnapshot",
    "LeadRepresentative",
    "MeetingParticipant",
    "MeetingSetting",
    "PackAgency",
    "PackCase",
    "PackRequest",
    "PartnerDecision",
    "RecordedStep",
    "ReportSnapshot",
    "ScopingRequest",
    "fetch_agency_reminder",
    "fetch_approval_link",
    "fetch_approval_request",
    "fetch_case",
    "fetch_case_agencies",
    "fetch_lead_representatives",
    "fetch_meeting_setting",
    "fetch_pack_case",
    "fetch_pack_request",
    "fetch_report",
    "fetch_scoping_link",
    "fetch_scoping_request",
]
