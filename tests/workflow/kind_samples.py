"""Per kind, what a test needs to drive its workflow: a valid registration, and the data a transition's effect
takes. `hints` give the path to a state the data that a transition under test needs (e.g. the simplified
procedure before a conversion to the ordinary one)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

from tests.conftest import valid_id


@dataclass
class KindSample:
    registration: Callable  # (make, received_on) -> the service's registration data
    hints: dict = field(default_factory=dict)  # transition under test -> {path transition: data overrides}
    effects: dict = field(default_factory=dict)  # effect name -> (driver) -> data
    prelude: tuple = ()  # steps fired once, as soon as the case's state allows them (e.g. the parties' consent)
    before: dict = field(default_factory=dict)  # transition under test -> steps fired (if allowed) at its state
    via: dict = field(default_factory=dict)  # transition under test -> a state its path must pass through
    always: dict = field(default_factory=dict)  # transition -> data overrides on every path (before `hints`)
    prepare: dict = field(default_factory=dict)  # path step -> steps fired (if allowed) just before it

    def effect_data(self, name, driver) -> dict:
        return self.effects[name](driver)


def _reconsideration(make, received_on):
    agency = make.agency()
    return {"kind": "reconsideration", "received_on": received_on, "receipt_channel": "mail",
            "respondent_agency_id": agency.id, "request": "撤销处罚", "facts_and_reasons": "",
            "applicants": [{"kind": "natural_person", "name": "张三", "id_number": valid_id(9)}],
            "act": {"act_type": "penalty", "description": "罚款", "made_on": received_on - timedelta(days=10),
                    "known_on": received_on - timedelta(days=9)}}


def _mediation(make, received_on):
    return {"kind": "mediation", "received_on": received_on, "source": "application",
            "dispute_category": "neighbourhood", "dispute_summary": "通道纠纷", "request": "恢复通行",
            "applicants": [{"kind": "natural_person", "name": "张三", "id_number": valid_id(11)}],
            "respondents": [{"kind": "natural_person", "name": "李四"}]}


def _adjudication(make, received_on, profile="land"):
    return {"kind": "adjudication", "profile": profile, "received_on": received_on, "subject": "争议土地2亩",
            "request": "确认权属", "applicants": [{"kind": "natural_person", "name": "张三", "id_number": valid_id(12)}],
            "respondents": [{"kind": "natural_person", "name": "李四"}]}


def _consents(driver):
    from caseflow.cases.kinds import get_kind

    sides = get_kind(driver.case.kind).mediation_sides(driver.case)
    return {"consents": [{"party_id": party_id, "party_name": name, "consented": True, "method": "written",
                          "given_on": driver.on.isoformat()} for party_id, name in sides]}


def _session(driver):
    return {"held_on": driver.on.isoformat(), "starts_at": "09:30", "duration_minutes": 60, "mode": "phone",
            "attendees": [{"name": "张三", "capacity": "party"}], "issues": "通行",
            "positions": [{"side": "张三", "position": "要求清除杂物"}]}


def _agreement(driver):
    return {"terms": [{"obligor": "李四", "obligee": "张三", "content_type": "act", "content": "履行约定",
                       "due_on": (driver.on + timedelta(days=10)).isoformat()}]}


SETTLEMENT_EFFECTS = {
    "record_consent": _consents, "record_extension_consent": _consents, "appoint_mediators": lambda d: {},
    "recuse_mediator": lambda d: {}, "record_session": _session,
    "correct_session": lambda d: {**_session(d), "session_number": 1, "correction_reason": "笔误"},
    "record_agreement": _agreement, "record_performance": lambda d: _performances(d),
    "record_follow_up": lambda d: {"visited_on": d.on.isoformat(), "method": "phone", "result": "已履行"},
}


def _performances(driver):
    from caseflow.settlement.services import unperformed_terms

    return {"performances": [{"term_id": t.id, "status": "performed"} for t in unperformed_terms(driver.case.id)]}


SAMPLES = {
    "reconsideration": KindSample(
        registration=_reconsideration,
        hints={"convert_to_ordinary": {"accept": {"procedure": "simplified", "simplified_ground": "on_the_spot"}},
               "record_non_performance": {"decide": {"decision_type": "order_performance", "performance_days": 30}}},
        # The ordinary procedure takes no Art. 53 ground; a third party is identified by a valid ID number; a
        # decision that orders nothing leaves nothing to perform before archiving.
        always={"accept": {"simplified_ground": None, "amount_involved": None},
                "decide": {"decision_type": "maintain"},
                "add_third_party": {"third_party_kind": "natural_person", "id_number": valid_id(13),
                                    "credit_code": None}},
        effects={**SETTLEMENT_EFFECTS, "add_third_party": lambda d: {}},
        prelude=("record_session", "hear_views"),  # the parties are heard before any decision (ARL Art. 49)
        before={"record_performance": ("record_term_performance",), "record_opinion_report": ("issue_opinion_letter",),
                "record_suit_outcome": ("record_suit",)},
        prepare={"record_performance": ("record_term_performance",)},  # a mediation document's terms first
        # Finality and a suit follow a decision: reach a closed or performed case through its service.
        via={"correct_session": "mediating", "record_finality": "effective", "record_suit": "effective",
             "record_suit_outcome": "effective"},
    ),
    "mediation": KindSample(
        registration=_mediation,
        hints={"recuse_mediator": {"recuse_mediator": {"replacement_id": None}}},
        effects=SETTLEMENT_EFFECTS,
        prelude=("record_consent", "record_session"),
        before={"close_performed": ("record_performance",), "record_confirmation": ("apply_confirmation",)},
    ),
    "adjudication": KindSample(
        registration=_adjudication,  # a land dispute: the sub-kind with every clock but the receipt-based one
        effects=SETTLEMENT_EFFECTS,
        before={"record_performance": ("record_term_performance",)},
    ),
}
