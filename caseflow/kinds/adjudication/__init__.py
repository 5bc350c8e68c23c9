"""Administrative adjudication (行政裁决): a department rules on a civil dispute tied to its field (land and
forest ownership, patent infringement, procurement complaints ...), each sub-kind with its own clocks.

The state machine is workflows/adjudication.yaml (legal-reference §4.5), its sub-kinds the workflow's `profiles`;
mediation inside an adjudication uses the shared mediation records (caseflow.settlement).
"""
from __future__ import annotations

from caseflow.auth.models import Role
from caseflow.cases.kinds import CaseKind
from caseflow.clock import today_local
from caseflow.kinds.adjudication import demo, documents, services
from caseflow.kinds.adjudication.guards import GUARDS
from caseflow.kinds.adjudication.models import KIND as NAME
from caseflow.kinds.adjudication.models import PARTY_TITLES, AdjudicationCase
from caseflow.kinds.adjudication.schemas import (
    AdjudicationCreateSchema,
    AdjudicationDetailSchema,
    AdjudicationSummarySchema,
)
from caseflow.kinds.adjudication.views import bp
from caseflow.serving import services as serving
from caseflow.settlement import effects
from caseflow.settlement import services as records

DETAIL = ("subject", "reference_number", "request", "facts_and_reasons", "amount", "accepted_on", "decided_on",
          "ruling_summary", "performance_due_on", "served_on", "finalised_on", "non_performance_on", "challenge_forum",
          "challenge_reference", "enforcement_court", "referred_to")


class Adjudication(CaseKind):
    def build_case(self, data, actor):
        return services.build_case(data, actor)

    def register_payload(self, case) -> dict:
        return {"profile": case.profile}

    def party_label(self, case, role: str, lang: str) -> str:
        zh, en = PARTY_TITLES[case.profile].get(role) or self.party_roles.get(role, (role, role))
        return en if lang == "en" else zh

    def summary(self, case, lang: str) -> dict:
        return {"profile": case.profile, "outcome": case.outcome}

    def detail(self, case, lang: str) -> dict:
        return {**self.summary(case, lang), **records.view(case, today_local()),
                **{name: getattr(case, name) for name in DETAIL}}

    def seed_demo(self, context: dict) -> None:
        demo.seed_demo(context)


KIND = Adjudication(
    name=NAME, title="行政裁决", title_en="Administrative adjudication", model=AdjudicationCase,
    create_schema=AdjudicationCreateSchema, detail_schema=AdjudicationDetailSchema,
    summary_schema=AdjudicationSummarySchema,
    register_roles=frozenset({Role.CLERK.value, Role.OFFICE_HEAD.value}),
    party_roles={"applicant": ("申请人", "Applicant"), "respondent": ("被申请人", "Respondent"),
                 "third_party": ("第三人", "Third party"), "agent": ("委托代理人", "Agent")},
    guards=GUARDS, values={"served_on": lambda case, on, data: max(serving.receipts_given(data))},
    effects=effects.effects("record_consent", "appoint_mediators", "record_session", "record_agreement",
                            "record_performance"),
    blueprint=bp, detail_template="adjudication/_detail.html",
    documents=documents.DOCUMENTS,
)
