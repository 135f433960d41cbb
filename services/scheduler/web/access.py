"""Which roles may use which route: one table, checked before every request.

Every endpoint is either ``PUBLIC`` (assets, health, signing in and out, the emailed
approval links) or has a row in ``ACCESS``. A route without a row is refused to everyone, and
``tests/unit/scheduler/test_access.py`` walks the URL map and fails on it, so a new route
cannot be forgotten. Templates ask ``may(endpoint)`` before offering a link or a button,
so nobody is shown an action they may not take.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

from flask import abort, g, jsonify, redirect, request
from flask.typing import ResponseReturnValue

from services.scheduler.api_tokens import TokenNotAccepted, staff_for_token
from services.scheduler.casework import audit_event
from services.scheduler.domain.agency_changes import AGENCY_KEEPERS
from services.scheduler.domain.staff import Role, partner_label
from services.scheduler.store.staff import StaffUser
from services.scheduler.web.session import container, current_staff, sign_in_url
from shared.web import wants_json

log = logging.getLogger(__name__)

EVERYONE = frozenset(Role)
#: the people who work on cases: the ops team, the chair and the three partners' leads
CASEWORK = frozenset({Role.OPS, Role.CHAIR, Role.PARTNER_LEAD})
ADMIN = frozenset({Role.ADMIN})
#: who keeps the Learning from Practice Group's meeting schedule
SCHEDULE_KEEPERS = frozenset({Role.ADMIN, Role.OPS})
#: who keeps the partnership's directory of agencies (ops pick from it for a case)
DIRECTORY_KEEPERS = SCHEDULE_KEEPERS
#: who may choose a case's owner (and who may be one)
OWNER_KEEPERS = frozenset({Role.OPS, Role.CHAIR})
#: who may send a case's message again
RESENDERS = frozenset({Role.OPS, Role.CHAIR})
#: who may build a pack (the lead representatives read and download them)
PACK_BUILDERS = frozenset({Role.OPS, Role.CHAIR})


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    #: other services may call it with ``Authorization: Bearer <SERVICE_TOKEN>``
    service: bool = False


ACCESS: dict[str, Rule] = {
    "console.home": Rule(EVERYONE),
    "console.cases": Rule(CASEWORK),
    "console.dashboard": Rule(CASEWORK),
    "console.case": Rule(CASEWORK),
    "console.download": Rule(CASEWORK),
    "console.owner": Rule(OWNER_KEEPERS),
    "api.cases": Rule(CASEWORK, service=True),
    "api.case": Rule(CASEWORK, service=True),
    "actions.take": Rule(CASEWORK),
    "agencies.case_agencies": Rule(CASEWORK),
    "agencies.add": Rule(AGENCY_KEEPERS),
    "agencies.edit": Rule(AGENCY_KEEPERS),
    "agencies.change": Rule(AGENCY_KEEPERS),
    "agencies.view_return": Rule(CASEWORK),
    "rr_meeting.participants": Rule(CASEWORK),
    "report.overview": Rule(CASEWORK),
    "report.start": Rule(AGENCY_KEEPERS),
    "report.page": Rule(AGENCY_KEEPERS),
    "report.item": Rule(AGENCY_KEEPERS),
    "report.remove": Rule(AGENCY_KEEPERS),
    "rr_meeting.remove": Rule(AGENCY_KEEPERS),
    "audit.events": Rule(ADMIN),
    "audit.export": Rule(ADMIN),
    # the documents' templates are configuration (web/templates_admin.py says why)
    "templates.overview": Rule(ADMIN),
    "templates.template": Rule(ADMIN),
    "templates.upload": Rule(ADMIN),
    "templates.choose": Rule(ADMIN),
    "templates.download": Rule(ADMIN),
    "meetings.schedule": Rule(SCHEDULE_KEEPERS),
    "meetings.remove": Rule(SCHEDULE_KEEPERS),
    "directory.entries": Rule(DIRECTORY_KEEPERS),
    "directory.add": Rule(DIRECTORY_KEEPERS),
    "directory.edit": Rule(DIRECTORY_KEEPERS),
    "directory.set_active": Rule(DIRECTORY_KEEPERS),
    "working_days.calculator": Rule(EVERYONE),
    "working_days.api": Rule(CASEWORK, service=True),
    "api_v1.cases": Rule(CASEWORK, service=True),
    "api_v1.case": Rule(CASEWORK, service=True),
    "api_v1.take_action": Rule(CASEWORK),
    # writes are for staff tokens; the domain refuses (409) those who may not change them
    "api_v1_agencies.agencies": Rule(CASEWORK, service=True),
    "api_v1_agencies.add": Rule(CASEWORK),
    "api_v1_agencies.edit": Rule(CASEWORK),
    "api_v1_agencies.change": Rule(CASEWORK),
    "api_v1_rapid_review.meeting": Rule(CASEWORK, service=True),
    "api_v1_rapid_review.add_participant": Rule(CASEWORK),
    "api_v1_rapid_review.remove_participant": Rule(CASEWORK),
    "api_v1_rapid_review.report": Rule(CASEWORK, service=True),
    "api_v1_rapid_review.start_draft": Rule(CASEWORK),
    "api_v1_rapid_review.save_draft": Rule(CASEWORK),
    "api_v1_rapid_review.finalise": Rule(CASEWORK),
    "messages.resend": Rule(RESENDERS),
    # every email's wording with made-up values (issue 9): read-only, no case's data
    "email_wording.emails": Rule(frozenset({Role.OPS, Role.CHAIR, Role.ADMIN})),
    "api_v1_messages.messages": Rule(CASEWORK, service=True),
    "api_v1_packs.request_pack": Rule(PACK_BUILDERS),
    "api_v1_packs.pack": Rule(CASEWORK),
    "api_v1_packs.pack_file": Rule(CASEWORK),
    "packs.build": Rule(PACK_BUILDERS),
    "packs.download": Rule(CASEWORK),
}

#: open to anyone: GOV.UK assets, health checks, signing in and out, and approval links
PUBLIC = frozenset(
    {
        "static",
        "govuk_assets",
        "govuk_bundle",
        "cspr_css",
        "health.healthz",
        "health.readyz",
        "auth.sign_in",
        "auth.sign_out",
        "api_v1.openapi",
        # a lead representative's emailed approval link: the token is the credential (a
        # usable one shows one report version's recommendation and takes that partner's
        # decision); CSRF still applies to its POST
        "approval_link.page",
    }
)


def allowed(role: str, endpoint: str) -> bool:
    rule = ACCESS.get(endpoint)
    return rule is not None and role in {r.value for r in rule.roles}


def may(endpoint: str) -> bool:
    """For templates: may the signed-in person use this endpoint?"""
    user = current_staff()
    return user is not None and allowed(user.role, endpoint)


def landing_page(user: StaffUser) -> str:
    return "/cases" if allowed(user.role, "console.cases") else "/audit"


def describe(user: StaffUser) -> str:
    """ "a lead representative (Police)": the person's role, and partner, as named here."""
    try:
        label = Role(user.role).label
    except ValueError:
        return user.role
    if user.role != Role.PARTNER_LEAD:
        return label
    health = container().config["HEALTH_PARTNER_LABEL"]
    partner = partner_label(user.partner, health_label=health) if user.partner else None
    return f"{label} ({partner or 'partner not recorded'})"


def check_access() -> ResponseReturnValue | None:
    """Before every request: signed in (or the service token), and a role the route allows."""
    endpoint = request.endpoint
    g.api_service = False
    if endpoint is None or endpoint in PUBLIC:
        return None  # unknown URLs go on to their 404 or 405
    rule = ACCESS.get(endpoint)
    if rule is None:
        log.error("endpoint %s has no access rule in web/access.py: refused", endpoint)
        abort(403, "Nobody may use this page yet.")
    offered = request.headers.get("Authorization", "")
    if request.path.startswith("/api/v1/") and offered:
        # API v1: the service token (reads only) or a staff member's own API token
        if _is_service_token(offered, rule):
            return None
        try:
            g.staff = staff_for_token(container(), _bearer(offered))
        except TokenNotAccepted as refused:
            return _unauthorised(refused.reason)
    elif rule.service and offered.startswith("Bearer "):
        if _is_service_token(offered, rule):
            return None
        return _unauthorised("The bearer token is not valid.")
    user = current_staff()
    if user is None:
        if wants_json():
            return _unauthorised("Sign in, or send Authorization: Bearer <service token>.")
        return redirect(sign_in_url())
    if not allowed(user.role, endpoint):
        _refuse(user, endpoint, rule)
    return None


def _bearer(offered: str) -> str:
    scheme, _, secret = offered.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise TokenNotAccepted("The Authorization header must be 'Bearer <token>'.")
    return secret.strip()


def _is_service_token(offered: str, rule: Rule) -> bool:
    token = container().config["SERVICE_TOKEN"]
    given = offered.removeprefix("Bearer ").strip()
    if rule.service and token and hmac.compare_digest(given.encode(), token.encode()):
        g.api_service = True
        return True
    return False


def _refuse(user: StaffUser, endpoint: str, rule: Rule) -> None:
    reference = (request.view_args or {}).get("reference")
    audit_event(
        container(),
        "access.denied",
        actor_id=user.id,
        actor_email=user.email,
        case_reference=reference if isinstance(reference, str) and len(reference) <= 32 else None,
        detail=f"endpoint={endpoint}; method={request.method}; role={user.role}",
        remote_addr=request.remote_addr,
    )
    labels = [r.label for r in Role if r in rule.roles]
    only = ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]
    abort(403, f"Only {only} can use this page. You are signed in as {describe(user)}.")


def _unauthorised(reason: str) -> ResponseReturnValue:
    response = jsonify(error="unauthorised", reason=reason)
    response.headers["WWW-Authenticate"] = 'Bearer realm="cspr"'
    response.headers["Cache-Control"] = "no-store"
    return response, 401
