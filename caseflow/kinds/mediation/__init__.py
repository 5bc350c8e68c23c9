"""Administrative mediation (行政调解): a mediator brings the parties of a civil dispute tied to the office's field to
an agreement, logs the sessions and follows the agreement's performance.

The state machine is workflows/mediation.yaml (legal-reference §4.4); the session log, the agreement and its
performance are the shared mediation records (caseflow.settlement).
"""
from __future__ import annotations

from caseflow.auth.models import Role
from caseflow.cases.kinds import CaseKind
from caseflow.cases.models import Case
from caseflow.clock import today_local
from caseflow.extensions import db
from caseflow.kinds.mediation import demo, documents, services
from caseflow.kinds.mediation.guards import GUARDS
from caseflow.kinds.mediation.models import KIND as NAME
from caseflow.kinds.mediation.models import MediationCase
from caseflow.kinds.mediation.schemas import MediationCreateSchema, MediationDetailSchema, MediationSummarySchema
from caseflow.kinds.mediation.views import bp
from caseflow.settlement import effects
from caseflow.settlement import services as records


class Mediation(CaseKind):
    def build_case(self, data, actor):
        return services.build_case(data, actor)

    def register_payload(self, case) -> dict:
        return {"source": case.source, "dispute_category": case.dispute_category}

    def summary(self, case, lang: str) -> dict:
        return {"dispute_category": case.dispute_category, "outcome": case.outcome}

    def detail(self, case, lang: str) -> dict:
        linked = db.session.get(Case, case.linked_case_id) if case.linked_case_id else None
        end = case.closed_on
        return {
            **self.summary(case, lang), **records.view(case, today_local()),
            "source": case.source, "source_body": case.source_body, "source_reference": case.source_reference,
            "linked_case": {"id": linked.id, "name": linked.docket_number} if linked else None,
            "dispute_summary": case.dispute_summary, "request": case.request,
            "amount_in_dispute": case.amount_in_dispute, "persons_involved": case.persons_involved,
            "accepted_on": case.accepted_on, "agreement_on": case.agreement_on,
            "failure_advice": case.failure_advice, "termination_ground": case.termination_ground,
            "referred_to": case.referred_to, "confirmation_applied_on": case.confirmation_applied_on,
            "confirmation_court": case.confirmation_court, "confirmation_result": case.confirmation_result,
            "confirmation_ruled_on": case.confirmation_ruled_on, "confirmation_ruling": case.confirmation_ruling,
            "duration_days": (end - case.received_on).days if end else None,
        }

    def seed_demo(self, context: dict) -> None:
        demo.seed_demo(context)


KIND = Mediation(
    name=NAME, title="行政调解", title_en="Administrative mediation", model=MediationCase,
    create_schema=MediationCreateSchema, detail_schema=MediationDetailSchema, summary_schema=MediationSummarySchema,
    register_roles=frozenset({Role.MEDIATOR.value, Role.CLERK.value, Role.OFFICE_HEAD.value}),
    party_roles={"applicant": ("申请人", "Applicant"), "respondent": ("被申请人", "Respondent"),
                 "third_party": ("第三人", "Third party"), "agent": ("委托代理人", "Agent")},
    guards=GUARDS,
    effects=effects.effects("record_consent", "record_extension_consent", "appoint_mediators", "recuse_mediator",
                            "record_session", "correct_session", "record_agreement", "record_performance",
                            "record_follow_up"),
    blueprint=bp, detail_template="mediation/_detail.html",
    documents=documents.DOCUMENTS,
)
