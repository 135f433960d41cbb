"""Every form cspr serves, by id.

Not every form is a referral: ``scoping`` (App. iii) is returned by an agency on a case,
from the link in its letter, and ``rapid-review-report`` (App. iv) is filled in by staff
in the console, so only ``REFERRAL_FORMS`` may open a case.
"""

from __future__ import annotations

from shared.forms.definitions.practice_learning import PRACTICE_LEARNING
from shared.forms.definitions.rapid_review_report import RAPID_REVIEW_REPORT
from shared.forms.definitions.scoping import SCOPING
from shared.forms.definitions.serious_incident import SERIOUS_INCIDENT
from shared.forms.model import Form

FORMS: dict[str, Form] = {
    form.id: form for form in (SERIOUS_INCIDENT, PRACTICE_LEARNING, SCOPING, RAPID_REVIEW_REPORT)
}
#: the forms a member of the public may submit as a referral
REFERRAL_FORMS: tuple[str, ...] = (SERIOUS_INCIDENT.id, PRACTICE_LEARNING.id)


class UnknownForm(LookupError):
    pass


def get_form(form_id: str, version: int | None = None) -> Form:
    """The form ``form_id``; a stored answer set names its version, which must be known."""
    form = FORMS.get(form_id)
    if form is None or (version is not None and version != form.version):
        raise UnknownForm(f"no form {form_id!r}" + (f" version {version}" if version else ""))
    return form


def form_for_route(route: str) -> Form:
    """The referral form that opens a case on ``route``."""
    for form_id in REFERRAL_FORMS:
        if FORMS[form_id].route == route:
            return FORMS[form_id]
    raise UnknownForm(f"no referral form opens route {route!r}")
