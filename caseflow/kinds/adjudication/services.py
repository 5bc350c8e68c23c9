"""Administrative adjudication's rules at registration."""
from __future__ import annotations

from caseflow.cases.models import Party
from caseflow.kinds.adjudication.models import AdjudicationCase


def build_case(data: dict, actor) -> AdjudicationCase:
    """An application: its sub-kind sets its clocks (workflows/adjudication.yaml `profiles`); both sides."""
    case = AdjudicationCase(profile=data["profile"], subject=data["subject"],
                            reference_number=data.get("reference_number"), request=data["request"],
                            facts_and_reasons=data.get("facts_and_reasons", ""), amount=data.get("amount"))
    parties = [("applicant", p) for p in data["applicants"]] + [("respondent", p) for p in data["respondents"]] \
        + [("third_party", p) for p in data.get("third_parties") or []] \
        + ([("agent", data["agent"])] if data.get("agent") else [])
    for role, p in parties:
        case.parties.append(Party(role=role, **p))
    return case
