"""Realistic answers for the documents' tests: Welsh and accented names, ampersands, ``<``,
quotes, text that looks like a template's tags or Word's XML, answers at their forms'
length limits ending in words of their own, 20 family members and 10 agencies.

Built on ``shared.forms.samples`` (every question answered, the forms' rules kept), so a
new question is covered too; every set of answers passes the form's own checks. Made-up
people only.
"""

from __future__ import annotations

from datetime import date
from itertools import cycle
from typing import Any

from shared.forms import samples
from shared.forms.checks import check_answers
from shared.forms.model import Form
from shared.forms.questions import LongText
from shared.forms.registry import get_form

CHILD = "Siân Llŷr-Ffrancon"
WELSH = "Rhiannon ap Dafydd"
ACCENTED = "Zoë Ørsted-Núñez"
COMPANY = "O'Brien & Sons <Ltd>"
#: typed by a practitioner: must print as typed, never be filled in or break the XML
LOOKALIKE = 'She wrote "{{ child }}" and {% if %} in her notes, and <w:t>x</w:t> too.'
#: what printed text may hold of template syntax: the practitioner's own (``LOOKALIKE``)
TYPED_TAGS = ("{{ child }}", "{% if %}")
FAMILY_COUNT = 20
AGENCY_COUNT = 10
#: the last family member's name: the 20th must reach the document
LAST_MEMBER = "Gwenllïan Ŵyn ab Owain"
FAMILY_NAMES = (
    WELSH,
    ACCENTED,
    "Dafydd ap Gruffudd",
    "Seán Ó Briain",
    "Chloë O'Connor-Brontë",
    "Łukasz Wiśniewski",
    "Bethan Llŷr",
    "Mererid Hâf Jones",
    "Rhodri Ŵyn Edwards",
    "José María García",
    "Anaïs Lefèvre",
    "Søren Kierkegård",
    "Ffion Ellis-Jones",
    "Iolo Môn Williams",
    "Björn Åkesson",
    "Aoife Ní Bhriain",
    "Noël Dubois",
    "Mihai Ionescu-Popa",
    "Nia Wyn Prydderch",
    LAST_MEMBER,
)
AGENCIES = (
    COMPANY,
    "St Mary's & <Friends> Nursery",
    "Ysgol Gymraeg Llundain",
    'Metropolitan Police "Child Abuse" Team',
    "Oxleas NHS Foundation Trust",
    "Royal Borough of Greenwich Children's Services",
    "Lewisham & Greenwich NHS Trust",
    "Greenwich Housing <Options>",
    "Café Olé Youth Project",
    "South London & Maudsley CAMHS",
)
#: how the longest answers end: the PDF must hold these words
LAST_WORDS = "and the plan was agreed by everyone on Friday."
_SENTENCES = (
    f"{CHILD} was seen at home by the health visitor, who noted the baby's weight had dropped.",
    'Mum said "we\'re managing" & asked for help with housing <urgently>.',
    f"School reported that {CHILD}'s attendance fell below 80% in the autumn term.",
    f"{WELSH} (maternal aunt) offered to look after the children at weekends.",
    f"{ACCENTED}, the children's father, did not attend the strategy discussion.",
    "The GP had recorded three missed immunisation appointments since March.",
    "Police attended twice after neighbours reported shouting late at night.",
    LOOKALIKE,
)


def long_answer(length: int, last_words: str = LAST_WORDS) -> str:
    """Paragraphs of case notes exactly ``length`` characters long, ending in
    ``last_words``."""
    room = length - len(last_words) - 1
    parts: list[str] = []
    size = 0
    for i, sentence in enumerate(cycle(_SENTENCES)):
        parts.append(sentence)
        parts.append("\n\n" if i % 5 == 4 else " ")
        size += len(sentence) + len(parts[-1])
        if size > room:
            break
    body = "".join(parts)[:room]
    # a cut at a space or a line break would be tidied away by the checks
    body = body[:-1] + "." if body[-1].isspace() else body
    return f"{body} {last_words}"


def _longest_texts(form: Form, answers: dict[str, Any], *ids: str) -> None:
    for question_id in ids:
        question = form.question(question_id)
        assert isinstance(question, LongText)
        answers[question_id] = long_answer(question.max_length)


def _checked(form: Form, answers: dict[str, Any], today: date) -> dict[str, Any]:
    checked = check_answers(form, answers, today)
    assert checked.ok, checked.errors
    return answers


def referral_answers(form_id: str, *, today: date) -> dict[str, Any]:
    """A referral (``serious-incident`` or ``practice-learning``) as a practitioner might
    send one about a complicated family."""
    form = get_form(form_id)
    answers = samples.answers(form, today=today, items=FAMILY_COUNT)
    answers.update(
        child_name=CHILD,
        referrer_name=WELSH,
        referrer_agency=f"Designated Safeguarding Lead, {COMPANY}",
        dsl_name=ACCENTED,
        carer_at_incident=f'{WELSH} & "Nain" <grandmother>',
        referral_reason=LOOKALIKE,
    )
    for member, name in zip(answers["family_members"], FAMILY_NAMES, strict=True):
        member["name"] = name
        member["relationship"] = 'Mother\'s "partner" & <friend>'
    answers["agencies"] = answers["agencies"][:AGENCY_COUNT]
    for agency, name in zip(answers["agencies"], AGENCIES, strict=True):
        agency["agency"] = name
    _longest_texts(form, answers, "outline")
    return _checked(form, answers, today)


def scoping_answers(*, today: date) -> dict[str, Any]:
    """An agency's returned Initial Scoping and Information Sharing form (App. iii)."""
    form = get_form("scoping")
    answers = samples.answers(form, today=today, items=FAMILY_COUNT)
    answers.update(completer_name=WELSH, completer_agency=f"Named Nurse, {COMPANY}")
    for person, name in zip(answers["family_composition"], FAMILY_NAMES, strict=True):
        person["name"] = name
        person["also_known_as"] = f'"{name.split()[0]}" & <nickname>'
    answers["family_composition"][0].update(role="Subject child", name=CHILD)
    answers["family_composition"][-1]["name"] = LAST_MEMBER
    answers["practice_analysis"] = LOOKALIKE
    _longest_texts(form, answers, "involvement_summary")
    return _checked(form, answers, today)


def report_answers(*, today: date, recommendation: str = "d") -> dict[str, Any]:
    """A Report of Rapid Review (App. iv) with its 20,000-character answers at their
    limit; ``recommendation`` d or j says what it is in words (``LOOKALIKE``)."""
    form = get_form("rapid-review-report")
    answers = samples.answers(form, today=today, items=FAMILY_COUNT)
    answers["child_name"] = CHILD
    for member, name in zip(answers["family_members"], FAMILY_NAMES, strict=True):
        member["name_and_address"] = f"{name}\n1 Heol y Frenhines & <Flat 2>\nCaerdydd"
        member["relationship"] = 'Mother\'s "partner"'
    answers["recommendation"] = {"answer": recommendation, "details": f"{COMPANY}: {LOOKALIKE}"}
    answers["rationale"] = LOOKALIKE
    _longest_texts(form, answers, "case_summary", "discussion")
    return _checked(form, answers, today)
