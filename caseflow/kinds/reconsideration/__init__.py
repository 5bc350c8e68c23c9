"""Administrative reconsideration (行政复议) under the Administrative Reconsideration Law 2023.

The state machine is workflows/reconsideration.yaml (legal-reference §4.3); this package holds its detail table,
registration rules and pages, guards and computed values.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from caseflow.auth.models import Role
from caseflow.cases.kinds import CaseKind
from caseflow.cases.models import Case
from caseflow.cases.services import get_workflow
from caseflow.clock import today_local
from caseflow.kinds.reconsideration import demo, documents, services
from caseflow.kinds.reconsideration.guards import GUARDS
from caseflow.kinds.reconsideration.models import KIND as NAME
from caseflow.kinds.reconsideration.models import ReconsiderationCase
from caseflow.kinds.reconsideration.schemas import (
    ReconsiderationCreateSchema,
    ReconsiderationDetailSchema,
    ReconsiderationSummarySchema,
)
from caseflow.kinds.reconsideration.views import bp
from caseflow.organisations.models import RespondentAgency
from caseflow.settlement import effects
from caseflow.settlement import services as records


def _choice_title(transition: str, field: str, value, lang: str) -> str | None:
    """The workflow's title of a choice a transition recorded (e.g. the Art. 53 ground)."""
    spec = get_workflow(NAME).transitions[transition].field(field)
    choice = spec.choice(value) if value else None
    return (choice.title_en if lang == "en" else choice.title) if choice else None


class Reconsideration(CaseKind):
    def build_case(self, data, actor):
        return services.build_case(data, actor)

    def register_payload(self, case) -> dict:
        return {"timely": case.timeliness["timely"]}

    def transition_payload(self, case, transition, on) -> dict:
        # A late acceptance dates from the review's last day (Art. 30(3)); the history says so.
        if ("accepted_on", "@acceptance_on") in transition.sets and case.accepted_on != on:
            return {"deemed_accepted_on": case.accepted_on.isoformat()}
        return {}

    def addressees(self, case, to: str, data: dict) -> list[dict]:
        if to == "recipient" and data.get("third_party_name"):  # the notice to a third party joining (Art. 16)
            return [{"name": data["third_party_name"], "role": "third_party"}]
        # The respondent of a reconsideration is an agency of the registry, not a party of the case.
        agency = [{"name": case.respondent_agency.name, "role": "respondent", "agency_id": case.respondent_agency_id}]
        if to == "respondent":
            return agency
        people = super().addressees(case, to, data)
        return people + agency if to == "parties" else people

    def mediation_sides(self, case):
        return [(p.id, p.name) for p in case.applicants] + [(None, case.respondent_agency.name)]

    def respondent_name(self, case) -> str:
        return case.respondent_agency.name

    def summary(self, case, lang: str) -> dict:
        return {"procedure": case.procedure,
                "respondent_agency": {"id": case.respondent_agency.id, "name": case.respondent_agency.name}}

    def detail(self, case, lang: str) -> dict:
        return {**self.summary(case, lang), **records.view(case, today_local()),
                "receipt_channel": case.receipt_channel, "oral_record_confirmed": case.oral_record_confirmed,
                "simplified_ground": case.simplified_ground,
                "simplified_ground_title": _choice_title("accept", "simplified_ground", case.simplified_ground, lang),
                "views_heard_on": case.views_heard_on,
                "suit_filed_on": case.suit_filed_on, "suit_court": case.suit_court, "final_on": case.final_on,
                "non_performance_on": case.non_performance_on, "suit_case_number": case.suit_case_number,
                "suit_outcome": case.suit_outcome, "suit_outcome_on": case.suit_outcome_on,
                "suit_head_appeared": case.suit_head_appeared, "deemed_accepted": case.deemed_accepted,
                "concluded_on": case.concluded_on, "outcome": case.outcome, "settled": case.settled,
                "accepted_on": case.accepted_on,
                "decided_on": case.decided_on, "decision_type": case.decision_type,
                "effective_on": case.effective_on, "no_reply": case.no_reply, "request": case.request,
                "facts_and_reasons": case.facts_and_reasons, "act": case.act, "timeliness": case.timeliness}

    def list_options(self) -> list:  # the respondent joined into the load of the detail rows
        return [joinedload(ReconsiderationCase.respondent_agency)]

    def detail_options(self) -> list:
        return [joinedload(ReconsiderationCase.respondent_agency), joinedload(ReconsiderationCase.act)]

    def addressee_options(self) -> list:
        return [joinedload(ReconsiderationCase.respondent_agency)]

    def search(self, pattern: str) -> list:
        return [sa.exists().where(ReconsiderationCase.id == Case.id,
                                  RespondentAgency.id == ReconsiderationCase.respondent_agency_id,
                                  RespondentAgency.name.ilike(pattern, escape="\\"))]

    def seed_demo(self, context: dict) -> None:
        demo.seed_demo(context)

    def agency_case_ids(self, agency_id: int):
        return sa.select(ReconsiderationCase.id).where(ReconsiderationCase.respondent_agency_id == agency_id)


KIND = Reconsideration(
    name=NAME, title="行政复议", title_en="Administrative reconsideration", model=ReconsiderationCase,
    create_schema=ReconsiderationCreateSchema, detail_schema=ReconsiderationDetailSchema,
    summary_schema=ReconsiderationSummarySchema,
    register_roles=frozenset({Role.CLERK.value, Role.OFFICE_HEAD.value}),
    party_roles={"applicant": ("申请人", "Applicant"), "third_party": ("第三人", "Third party"),
                 "agent": ("委托代理人", "Agent")},
    guards=GUARDS, values={"acceptance_on": services.acceptance_date, "served_on": services.decision_served_on,
            "finality_on": services.finality_date, "after_settlement": services.after_settlement}, blueprint=bp,
    effects={**effects.effects("record_consent", "appoint_mediators", "record_session", "correct_session",
                               "record_agreement", "record_performance"),
             "add_third_party": services.ADD_THIRD_PARTY},
    detail_template="reconsideration/_detail.html", event_template="reconsideration/_event.html",
    documents=documents.DOCUMENTS, publication=documents.PUBLICATION,
)
