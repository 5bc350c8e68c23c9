"""Administrative adjudication through the JSON API, one sub-kind at a time: each with its own clocks from the
rule catalogue, excluded time as pauses, the answer, a hearing, mediation inside, the ruling, the remedy window,
performance and enforcement."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.cases.flow import act
from tests.conftest import valid_id

TODAY = datetime(2026, 6, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def clerk(api, office_team):
    clerk = api(office_team["clerk"])
    clerk.approvers = {"office_head": api(office_team["head"]), "organ_leader": api(office_team["organ"])}
    return clerk


def body(profile, received_on, **extra):
    return {"kind": "adjudication", "profile": profile, "received_on": received_on, "subject": "争议标的",
            "request": "请求事项", "applicants": [{"kind": "natural_person", "name": "高峰", "id_number": valid_id(71)}],
            "respondents": [{"kind": "organisation", "name": "江州鑫隆家居有限公司"}], **extra}


def step(client, case_id, name, on, data=None, reason="", expect=200):
    """As the office does it (tests.cases.flow.act): approvals by the team's office head and organ leader."""
    return act(client, case_id, name, on, data, reason, expect, approvers=getattr(client, "approvers", {}),
               kind="adjudication")


def due(case, rule):
    return [d["due_on"] for d in case["deadlines"] if d["rule_id"] == rule and d["status"] in ("running", "paused")]


def test_procurement_complaint_counts_working_days_from_receipt_and_excludes_correction_and_testing(clerk,
                                                                                                   office_team):
    created = clerk.post("/api/v1/cases", json=body("procurement", "2025-09-15"))
    assert created.status_code == 201, created.json
    case = created.json
    assert case["docket_number"].endswith("裁〔2025〕1号") and case["profile"] == "procurement"
    # Decision within 30 working days of receipt (GPL Art. 56): legal-reference §7 example 17
    assert due(case, "adjudication.procurement.decision") == ["2025-10-31"]
    assert due(case, "adjudication.procurement.review") == ["2025-09-22"]
    cid = case["id"]
    # Correction time is not counted (GPL-IR Art. 58): 09-17, 09-18, 09-19 are three working days
    paused = step(clerk, cid, "request_correction", "2025-09-16", {"items": "补充质疑答复材料"})["case"]
    assert [d["status"] for d in paused["deadlines"] if d["rule_id"] == "adjudication.procurement.decision"] == [
        "paused"]
    resumed = step(clerk, cid, "receive_correction", "2025-09-19")["case"]
    assert due(resumed, "adjudication.procurement.decision") == ["2025-11-05"]
    accepted = step(clerk, cid, "accept", "2025-09-19")["case"]
    assert due(accepted, "adjudication.procurement.copy") == ["2025-09-30"]  # 8 WD: make-up Sun 09-28 counts
    served = step(clerk, cid, "serve_copy", "2025-09-22", {"service": {"method": "direct", "received_on": "2025-09-23"}})["case"]
    assert due(served, "adjudication.procurement.answer") == ["2025-09-29"]  # 5 WD, make-up Sun 09-28 counts
    step(clerk, cid, "receive_answer", "2025-09-29")
    step(clerk, cid, "exclude_time", "2025-10-13", {"ground": "expert_review"})
    after = step(clerk, cid, "resume", "2025-10-16")["case"]
    assert after["state"] == "investigating"
    assert due(after, "adjudication.procurement.decision") == ["2025-11-10"]  # 10-14, 15, 16 excluded
    refused = step(clerk, cid, "extend", "2025-10-20", {"days": 10},
                   reason="复杂", expect=409)
    assert refused["error"] == "precondition_failed"  # GPL Art. 56 has no extension
    decided = step(clerk, cid, "decide", "2025-11-03", {
        "outcome": "complaint_unfounded", "summary": "驳回投诉"})["case"]
    assert decided["state"] == "decided"
    served = step(clerk, cid, "record_service", "2025-11-05")["case"]
    # 6 months (ALL Art. 46): 2026-05-05 is in the Labour Day rest, so the last day is 05-06
    assert due(served, "adjudication.procurement.litigation") == ["2026-05-06"]
    challenged = step(clerk, cid, "record_challenge", "2025-12-01",
                      {"forum": "suit", "reference": "（2025）东行初12号"})["case"]
    assert challenged["state"] == "challenged" and challenged["closed_on"] == "2025-12-01"
    assert challenged["parties"][0]["role"] == "applicant"


def test_land_dispute_answer_lapses_by_the_system_then_ruling_becomes_final_and_enforced(clerk, office_team):
    from caseflow.auth.models import SYSTEM_ACTOR
    from caseflow.cases.services import apply_transition, get_case

    case = clerk.post("/api/v1/cases", json=body("land", "2025-09-01")).json
    cid = case["id"]
    assert due(case, "adjudication.land.acceptance") == ["2025-09-10"]  # 7 WD
    accepted = step(clerk, cid, "accept", "2025-09-05")["case"]
    assert due(accepted, "adjudication.land.copy") == ["2025-09-12"]
    assert due(accepted, "adjudication.land.proposal") == ["2026-03-05"]  # 6 months, the corresponding day
    step(clerk, cid, "serve_copy", "2025-09-08", {"service": {"method": "direct", "received_on": "2025-09-09"}})
    loaded = get_case(cid, office_team["clerk"])
    event = apply_transition(loaded, "answer_lapsed", actor=SYSTEM_ACTOR, on=__import__("datetime").date(2025, 10, 10))
    assert event.actor_role == "system" and loaded.state == "investigating"
    extended = step(clerk, cid, "extend", "2026-02-20", {"days": 60},
                    reason="需要现场勘测")["case"]
    assert due(extended, "adjudication.land.proposal") == ["2026-05-06"]  # 03-05 + 60 = 05-04 → after Labour Day
    too_long = step(clerk, cid, "extend", "2026-02-21", {"days": 30},
                    reason="再次延长", expect=409)
    assert too_long["error"] == "precondition_failed"
    step(clerk, cid, "decide", "2026-04-01", {"outcome": "confirm_rights", "summary": "争议土地归申请人所有",
                                              "performance_due_on": "2026-05-15"})
    served = step(clerk, cid, "record_service", "2026-04-03")["case"]
    assert due(served, "adjudication.land.litigation") == ["2026-05-06"]  # 30 days: 05-03 → after Labour Day
    assert due(served, "adjudication.performance") == ["2026-05-15"]
    early = step(clerk, cid, "remedy_lapsed", "2026-05-06", expect=409)
    assert early["error"] == "precondition_failed"
    final = step(clerk, cid, "remedy_lapsed", "2026-05-07")["case"]
    assert final["state"] == "final" and final["finalised_on"] == "2026-05-07"
    enforced = step(clerk, cid, "apply_enforcement", "2026-06-01",
                    {"court": "江州市东城区人民法院"})["case"]
    assert enforced["state"] == "enforcement_applied" and enforced["enforcement_court"] == "江州市东城区人民法院"


def test_patent_dispute_has_three_months_and_one_more_at_most(clerk, office_team):
    case = clerk.post("/api/v1/cases", json=body("patent", "2025-09-01")).json
    cid = case["id"]
    accepted = step(clerk, cid, "accept", "2025-09-05")["case"]
    assert due(accepted, "adjudication.patent.decision") == ["2025-12-05"]
    assert "adjudication.land.copy" not in {d["rule_id"] for d in accepted["deadlines"]}
    step(clerk, cid, "begin_investigation", "2025-09-08")
    over = step(clerk, cid, "extend", "2025-11-20", {"days": 45},
                reason="需要技术鉴定", expect=409)
    assert "days" in over["errors"]["json"]["data"]
    step(clerk, cid, "extend", "2025-11-20", {"days": 31}, reason="需要技术鉴定")
    decided = step(clerk, cid, "decide", "2025-12-20", {
        "outcome": "order_stop", "summary": "责令停止侵权"})["case"]
    served = step(clerk, cid, "record_service", "2025-12-22")["case"]
    assert decided["outcome"] == "order_stop"
    assert due(served, "adjudication.patent.litigation") == ["2026-01-06"]  # 15 days
    assert not due(served, "adjudication.performance")  # the ruling fixed no date
    performed = step(clerk, cid, "record_performance", "2026-01-10")["case"]
    assert performed["state"] == "performed"


def test_forest_dispute_has_only_the_statutory_suit_window(clerk, office_team):
    case = clerk.post("/api/v1/cases", json=body("forest", "2025-09-01")).json
    assert case["deadlines"] == []
    cid = case["id"]
    step(clerk, cid, "accept", "2025-09-05")
    step(clerk, cid, "begin_investigation", "2025-09-06")
    step(clerk, cid, "decide", "2025-10-20", {"outcome": "confirm_rights", "summary": "林木归申请人所有"})
    served = step(clerk, cid, "record_service", "2025-10-22")["case"]
    assert due(served, "adjudication.forest.litigation") == ["2025-11-21"]


def test_mediation_inside_an_adjudication_ends_it_with_a_mediation_document(clerk, api, office_team):
    case = clerk.post("/api/v1/cases", json=body("land", "2025-09-01")).json
    cid = case["id"]
    step(clerk, cid, "accept", "2025-09-05")
    step(clerk, cid, "begin_investigation", "2025-09-06")
    sides = [{"party_id": p["id"], "consented": True, "method": "written", "given_on": "2025-09-10"}
             for p in case["parties"]]
    refused = step(clerk, cid, "start_mediation", "2025-09-10", {"consents": sides[:1]}, expect=409)
    assert "江州鑫隆家居有限公司" in str(refused["errors"])
    step(clerk, cid, "start_mediation", "2025-09-10", {"consents": sides})
    step(clerk, cid, "record_session", "2025-09-12", {
        "held_on": "2025-09-12", "starts_at": "09:00", "duration_minutes": 120, "mode": "in_person", "place": "现场",
        "attendees": [{"name": "高峰", "capacity": "party"}], "issues": "地界",
        "positions": [{"side": "高峰", "position": "以老界桩为准"}]})
    mediated = step(clerk, cid, "issue_mediation", "2025-09-20", {"terms": [
        {"obligor": "江州鑫隆家居有限公司", "obligee": "高峰", "content_type": "act", "content": "拆除越界围栏",
         "due_on": "2025-10-20"}]})["case"]
    assert mediated["state"] == "mediated" and mediated["outcome"] == "mediated"
    assert not due(mediated, "adjudication.land.proposal")
    term = mediated["agreement"]["terms"][0]
    step(clerk, cid, "record_performance", "2025-10-10", expect=409)
    step(clerk, cid, "record_term_performance", "2025-10-10",
         {"performances": [{"term_id": term["id"], "status": "performed"}]})
    assert step(clerk, cid, "record_performance", "2025-10-10")["case"]["state"] == "performed"


@pytest.mark.parametrize("change, field", [({"profile": "fisheries"}, "profile"), ({"profile": None}, "profile"),
                                           ({"respondents": []}, "respondents"), ({"subject": ""}, "subject")])
def test_an_unknown_sub_kind_or_missing_field_is_refused(clerk, change, field):
    response = clerk.post("/api/v1/cases", json={**body("land", "2025-09-01"), **change})
    assert response.status_code == 422 and field in response.json["errors"]["json"]
