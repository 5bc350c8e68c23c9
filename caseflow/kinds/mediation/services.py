"""Administrative mediation's rules at registration (legal-reference §2.2, §2.5)."""
from __future__ import annotations

from caseflow.cases.models import Case, Party
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.kinds.mediation.models import MediationCase


def build_case(data: dict, actor) -> MediationCase:
    """A request for mediation: its source (a link to the case it was split from stays on it), the dispute
    and the parties on both sides."""
    errors = {}
    linked = None
    if data.get("linked_case_id"):
        linked = db.session.get(Case, data["linked_case_id"])
        if linked is None or linked.office_id != actor.office_id:
            errors["linked_case_id"] = ["原案件不存在或不属于本机构 (no such case in your office)"]
    if errors:
        raise ValidationFailed("the request has invalid fields", errors=errors)
    parties = [("applicant", p) for p in data["applicants"]] + [("respondent", p) for p in data["respondents"]] \
        + [("third_party", p) for p in data.get("third_parties") or []]
    case = MediationCase(
        source=data["source"], source_body=data.get("source_body"), source_reference=data.get("source_reference"),
        linked_case_id=linked.id if linked else None, dispute_category=data["dispute_category"],
        dispute_summary=data["dispute_summary"], request=data["request"],
        amount_in_dispute=data.get("amount_in_dispute"),
        persons_involved=data.get("persons_involved") or len(parties))
    for role, p in parties + ([("agent", data["agent"])] if data.get("agent") else []):
        case.parties.append(Party(role=role, **p))
    return case
