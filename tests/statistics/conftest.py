"""A hand-built data set for the leaders' statistics: every expected figure is worked out by hand in the tests.

Offices: a city office P (the leader's) with two county offices below it, C1 (office head H1, clerk) and C2 (clerk).
Agencies: A1 (county, public security), A2 (township, natural resources). The cases are registered through the
API (so they are real cases with their clocks), then given the facts a year of work would have left: the columns
the workflow's `sets:` write, a few deadline outcomes, events, a pause, an extension, a supervision notice.

| case | office | agency | received   | accepted         | concluded  | outcome              | other                      |
|------|--------|--------|------------|------------------|------------|----------------------|----------------------------|
| r1   | C1     | A1     | 2025-01-10 | 2025-01-15       | 2025-03-01 | maintain             | suit 03-20, lost 06-10, head yes; review met; reply met; extension 02-10 |
| r2   | C1     | A1     | 2025-02-01 | 2025-02-06 deemed| 2025-04-07 | revoke               | review expired; performance late 06-01 |
| r3   | C1     | A1     | 2025-03-01 | 2025-03-05       | 2025-03-25 | mediation            | performed, closed 04-10    |
| r4   | C1     | A1     | 2025-04-01 | 2025-04-03       | 2025-05-03 | withdrawal (settled) |                            |
| r5   | C1     | A1     | 2025-05-01 | —                | 2025-05-06 | not_accepted         | supplement requested 05-02 |
| r6   | C1     | A2     | 2025-06-01 | 2025-06-03       | —          | (open, in review)    | no reply 06-20 (reply expired); suspended 07-01; open notice to A2 |
| r7   | C1     | A2     | 2024-12-20 | 2024-12-25       | 2025-02-23 | confirm_illegal      | suit 03-05, dismissed 08-01, head no |
| r8   | C1     | A1     | 2025-07-01 | —                | 2025-07-03 | withdrawal           | before acceptance          |
| r9   | C1     | A1     | 2024-03-01 | 2024-03-05       | 2024-05-04 | maintain             | last year                  |
| r10  | C2     | A1     | 2025-02-01 | 2025-02-03       | 2025-03-01 | vary                 |                            |

Mediation (C1): m1 neighbourhood, received 03-01, accepted 03-03, agreement 03-23, performed (closed 04-30), judicial
confirmation applied 03-25 and confirmed 04-05; m2 labour, received 05-01, accepted 05-02, failed 05-22; m3
neighbourhood, received 06-01, accepted 06-02, still mediating.
Adjudication (C1): a1 land, received 04-01, accepted 04-05, ruled 06-01 (confirm_rights, performed 06-01); a2 patent,
received 08-01, open.
"""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.cases.models import Case, CaseEvent
from caseflow.deadlines.models import Deadline, DeadlineExtension, DeadlinePause
from caseflow.extensions import db
from caseflow.kinds.adjudication.models import AdjudicationCase
from caseflow.kinds.mediation.models import MediationCase
from caseflow.kinds.reconsideration.models import ReconsiderationCase
from caseflow.organisations.services import create_agency
from caseflow.supervision.models import Notice
from tests.conftest import valid_id

D = date.fromisoformat

# name: (office, agency, received, accepted, deemed, concluded, outcome, settled, state, closed_on)
CASES = {
    "r1": ("C1", "A1", "2025-01-10", "2025-01-15", False, "2025-03-01", "maintain", False, "closed", "2025-03-01"),
    "r2": ("C1", "A1", "2025-02-01", "2025-02-06", True, "2025-04-07", "revoke", False, "closed", "2025-04-07"),
    "r3": ("C1", "A1", "2025-03-01", "2025-03-05", False, "2025-03-25", "mediation", False, "performed", "2025-04-10"),
    "r4": ("C1", "A1", "2025-04-01", "2025-04-03", False, "2025-05-03", "withdrawal", True, "terminated", "2025-05-03"),
    "r5": ("C1", "A1", "2025-05-01", None, False, "2025-05-06", "not_accepted", False, "not_accepted", "2025-05-06"),
    "r6": ("C1", "A2", "2025-06-01", "2025-06-03", False, None, None, False, "in_review", None),
    "r7": ("C1", "A2", "2024-12-20", "2024-12-25", False, "2025-02-23", "confirm_illegal", False, "closed",
           "2025-02-23"),
    "r8": ("C1", "A1", "2025-07-01", None, False, "2025-07-03", "withdrawal", False, "terminated", "2025-07-03"),
    "r9": ("C1", "A1", "2024-03-01", "2024-03-05", False, "2024-05-04", "maintain", False, "closed", "2024-05-04"),
    "r10": ("C2", "A1", "2025-02-01", "2025-02-03", False, "2025-03-01", "vary", False, "closed", "2025-03-01"),
}


def _event(case: Case, name: str, on: str, payload: dict | None = None) -> None:
    seq = db.session.scalar(sa.select(sa.func.max(CaseEvent.seq)).where(CaseEvent.case_id == case.id)) + 1
    db.session.add(CaseEvent(case_id=case.id, seq=seq, name=name, from_state=case.state, to_state=case.state,
                             actor_name="测试", effective_on=D(on), reason="", payload=payload or {}))


def _deadline(case: Case, rule_id: str, status: str, closed_on: str, start: str) -> Deadline:
    row = db.session.scalar(sa.select(Deadline).where(Deadline.case_id == case.id, Deadline.rule_id == rule_id))
    if row is None:
        row = Deadline(case_id=case.id, rule_id=rule_id, rule_as_of=case.received_on, start_on=D(start), count=10,
                       due_on=D(start))
        db.session.add(row)
    row.status, row.closed_on = status, D(closed_on)
    db.session.flush()
    return row


@pytest.fixture
def stats_world(make, api):
    city = make.office(code="P", level="city")
    c1, c2 = make.office(code="C1", parent=city), make.office(code="C2", parent=city)
    people = {"leader": make.user("leader", office=city, username="leader_p"),
              "head1": make.user("office_head", office=c1, username="head_c1"),
              "clerk1": make.user("clerk", office=c1), "clerk2": make.user("clerk", office=c2),
              "head2": make.user("office_head", office=c2, username="head_c2")}
    agencies = {"A1": create_agency("统计区公安分局", "county", "public_security"),
                "A2": create_agency("统计镇人民政府", "township", "natural_resources")}
    db.session.commit()
    clerks = {"C1": api(people["clerk1"]), "C2": api(people["clerk2"])}
    cases = {}
    for name, (office, agency, received, accepted, deemed, concluded, outcome, settled, state, closed) in \
            CASES.items():
        body = make.application(agencies[agency], received_on=D(received))
        created = clerks[office].post("/api/v1/cases", json=body)
        assert created.status_code == 201, created.json
        case = db.session.get(ReconsiderationCase, created.json["id"])
        case.accepted_on = D(accepted) if accepted else None
        case.deemed_accepted = deemed
        case.concluded_on = D(concluded) if concluded else None
        case.outcome, case.settled, case.state = outcome, settled, state
        case.decision_type = outcome if outcome not in (None, "mediation", "withdrawal", "not_accepted") else None
        case.closed_on = D(closed) if closed else None
        cases[name] = case
    r = cases
    r["r1"].suit_filed_on, r["r1"].suit_outcome, r["r1"].suit_outcome_on, r["r1"].suit_head_appeared = \
        D("2025-03-20"), "lost", D("2025-06-10"), "yes"
    r["r7"].suit_filed_on, r["r7"].suit_outcome, r["r7"].suit_outcome_on, r["r7"].suit_head_appeared = \
        D("2025-03-05"), "dismissed", D("2025-08-01"), "no"
    r["r6"].no_reply = True
    db.session.flush()
    _event(r["r5"], "request_supplement", "2025-05-02")
    _event(r["r6"], "record_no_reply", "2025-06-20")
    review = _deadline(r["r1"], "reconsideration.acceptance_review", "met", "2025-01-15", "2025-01-10")
    db.session.add(DeadlineExtension(deadline_id=review.id, days=10, reason="测试", approved_on=D("2025-02-10")))
    _deadline(r["r2"], "reconsideration.acceptance_review", "expired", "2025-02-06", "2025-02-01")
    _deadline(r["r1"], "reconsideration.reply", "met", "2025-02-01", "2025-01-20")
    reply = _deadline(r["r6"], "reconsideration.reply", "expired", "2025-06-20", "2025-06-05")
    db.session.add(DeadlinePause(deadline_id=reply.id, paused_on=D("2025-07-01"), ground="中止审理：测试"))
    _deadline(r["r2"], "reconsideration.performance", "late", "2025-06-01", "2025-04-10")
    db.session.add(Notice(case_id=r["r6"].id, office_id=r["r6"].office_id, type="E1", level=1,
                          addressee_key=f"agency:{agencies['A2'].id}", addressee_kind="agency",
                          addressee_agency_id=agencies["A2"].id, addressee_name=agencies["A2"].name,
                          title="逾期未答复", basis="《行政复议法》第四十八条", raised_on=D("2025-06-21"),
                          status="open"))
    # mediation: (category, received, accepted, agreement_on, outcome, state, closed_on)
    for name, (category, received, accepted, agreed, outcome, state, closed) in {
            "m1": ("neighbourhood", "2025-03-01", "2025-03-03", "2025-03-23", "agreement", "performed", "2025-04-30"),
            "m2": ("labour", "2025-05-01", "2025-05-02", None, "failed", "failed", "2025-05-22"),
            "m3": ("neighbourhood", "2025-06-01", "2025-06-02", None, None, "mediating", None)}.items():
        created = clerks["C1"].post("/api/v1/cases", json={
            "kind": "mediation", "received_on": received, "source": "application", "dispute_category": category,
            "dispute_summary": "通道纠纷", "request": "恢复通行",
            "applicants": [{"kind": "natural_person", "name": "张三", "id_number": valid_id(11)}],
            "respondents": [{"kind": "natural_person", "name": "李四"}]})
        assert created.status_code == 201, created.json
        case = db.session.get(MediationCase, created.json["id"])
        case.accepted_on, case.agreement_on = D(accepted), D(agreed) if agreed else None
        case.outcome, case.state, case.closed_on = outcome, state, D(closed) if closed else None
        cases[name] = case
    cases["m1"].confirmation_applied_on, cases["m1"].confirmation_result, cases["m1"].confirmation_ruled_on = \
        D("2025-03-25"), "confirmed", D("2025-04-05")
    # adjudication: (profile, received, accepted, decided_on, outcome, state, closed_on)
    for name, (profile, received, accepted, decided, outcome, state, closed) in {
            "a1": ("land", "2025-04-01", "2025-04-05", "2025-06-01", "confirm_rights", "performed", "2025-06-01"),
            "a2": ("patent", "2025-08-01", None, None, None, None, None)}.items():
        created = clerks["C1"].post("/api/v1/cases", json={
            "kind": "adjudication", "profile": profile, "received_on": received, "subject": "争议土地2亩",
            "request": "确认权属", "applicants": [{"kind": "natural_person", "name": "张三", "id_number": valid_id(12)}],
            "respondents": [{"kind": "natural_person", "name": "李四"}]})
        assert created.status_code == 201, created.json
        case = db.session.get(AdjudicationCase, created.json["id"])
        case.accepted_on, case.decided_on = D(accepted) if accepted else None, D(decided) if decided else None
        case.outcome, case.closed_on = outcome, D(closed) if closed else None
        case.state = state or case.state
        cases[name] = case
    db.session.commit()
    return {"offices": {"P": city, "C1": c1, "C2": c2}, "people": people, "agencies": agencies, "cases": cases}
