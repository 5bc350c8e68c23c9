"""The reconsideration lifecycle through the HTTP API, one test per path of legal-reference §4.3."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.cases.flow import act

RECEIVED = date(2025, 9, 12)  # Fri; Mid-Autumn and National Day 2025 follow, so the calendar matters


@pytest.fixture
def clerk_api(api, office_team):
    clerk = api(office_team["clerk"])
    clerk.approvers = {"office_head": api(office_team["head"]), "organ_leader": api(office_team["organ"])}
    return clerk


@pytest.fixture
def register(clerk_api, make, office_team):
    def _register(received_on=RECEIVED, **overrides):
        body = make.application(office_team["agency"], received_on=received_on, **overrides)
        response = clerk_api.post("/api/v1/cases", json=body)
        assert response.status_code == 201, response.json
        return response.json

    return _register


def deadlines(case, rule_id=None, status=None):
    return [d for d in case["deadlines"] if (rule_id is None or d["rule_id"] == rule_id)
            and (status is None or d["status"] == status)]


def step(client, case_id, name, on, data=None, reason="", expect=200):
    """As the office does it (tests.cases.flow.act): approvals by the team's office head and organ leader."""
    return act(client, case_id, name, on, data, reason, expect, approvers=getattr(client, "approvers", {}))


def test_register_starts_acceptance_review_and_supplement_notice(register):
    with time_machine.travel(datetime(2025, 9, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        case = register()
    assert case["state"] == "received"
    assert case["docket_number"].endswith("政复〔2025〕1号")
    assert case["version"] == 1
    review = deadlines(case, "reconsideration.acceptance_review")[0]
    # Fri 09-12 + 5 WD: 15, 16, 17, 18, 19 (Mid-Autumn 2025 is 10-06, later)
    assert review["due_on"] == "2025-09-19"
    assert review["basis"].endswith("第三十条")
    assert any("届满日" in line for line in review["explanation"])
    assert deadlines(case, "reconsideration.supplement_notice")[0]["due_on"] == "2025-09-19"
    assert case["timeliness"]["timely"] is True
    assert {t["name"] for t in case["allowed_transitions"]} == {
        "request_supplement", "accept", "reject", "withdraw", "terminate"}


@pytest.mark.parametrize("decision_type, performs", [
    ("maintain", False), ("revoke", False), ("partially_revoke", False), ("revoke_and_redo", True),
    ("confirm_illegal", False), ("order_performance", True), ("confirm_invalid", False), ("vary", True),
    ("dismiss_request", False), ("dismiss_application", False), ("administrative_agreement", True),
    ("compensation", True),
])
def test_accept_reply_decide_for_each_decision_type(register, clerk_api, office_team, decision_type, performs):
    case = register()
    cid = case["id"]
    accepted = step(clerk_api, cid, "accept", date(2025, 9, 16), {"procedure": "ordinary"})["case"]
    assert accepted["state"] == "accepted" and accepted["accepted_on"] == "2025-09-16"
    assert deadlines(accepted, "reconsideration.acceptance_review")[0]["status"] == "met"
    # 60 days from 09-16: nominal 11-15 (Sat) → Mon 11-17
    assert deadlines(accepted, "reconsideration.decision")[0]["due_on"] == "2025-11-17"
    # 7 WD from 09-16: 17, 18, 19, 22, 23, 24, 25
    assert deadlines(accepted, "reconsideration.forward_copy")[0]["due_on"] == "2025-09-25"
    forwarded = step(clerk_api, cid, "forward_copy", date(2025, 9, 22), {"service": {"method": "direct", "received_on": "2025-09-26"}})["case"]
    assert forwarded["state"] == "awaiting_reply"
    assert deadlines(forwarded, "reconsideration.reply")[0]["due_on"] == "2025-10-16"  # §7 example 8
    in_review = step(clerk_api, cid, "receive_reply", date(2025, 10, 15))["case"]
    assert in_review["state"] == "in_review"
    assert deadlines(in_review, "reconsideration.reply")[0]["status"] == "met"
    step(clerk_api, cid, "hear_views", date(2025, 10, 20), HEARD)
    decided = step(clerk_api, cid, "decide", date(2025, 11, 10), {"decision_type": decision_type},
                   reason="经审查作出决定")
    assert decided["case"]["state"] == "decided"
    assert decided["event"]["approver"] == office_team["organ"].display_name
    assert deadlines(decided["case"], "reconsideration.decision")[0]["status"] == "met"
    effective = step(clerk_api, cid, "record_service", date(2025, 11, 12))["case"]
    assert effective["state"] == "effective"
    assert deadlines(effective, "litigation.after_decision")[0]["due_on"] == "2025-11-27"
    performance = deadlines(effective, "reconsideration.performance")
    assert bool(performance) is performs
    if performs:
        assert performance[0]["due_on"] == "2025-12-12"  # default 30 days (§8.9)
        refused = step(clerk_api, cid, "archive", date(2025, 11, 13), expect=409)
        assert refused["error"] == "precondition_failed"
        final = step(clerk_api, cid, "record_performance", date(2025, 12, 1))["case"]
        assert final["state"] == "performed"
    else:
        final = step(clerk_api, cid, "archive", date(2025, 11, 13))["case"]
        assert final["state"] == "closed"
    # A closed case only keeps records after its close: a suit, the decision's finality, an opinion letter.
    assert {t["name"] for t in final["allowed_transitions"]} <= {"record_suit", "record_finality",
                                                                 "issue_opinion_letter"}
    assert all(t["to"] == "@same" for t in final["allowed_transitions"])
    assert not deadlines(final, status="running")


def test_decision_needs_the_office_heads_review_then_the_organ_leaders_approval(register, api, clerk_api,
                                                                                  office_team):
    """R25 / Art. 61: the clerk drafts, the office head reviews, the organ leader approves; only then decided."""
    cid = register()["id"]
    step(clerk_api, cid, "accept", date(2025, 9, 16), {"procedure": "ordinary"})
    step(clerk_api, cid, "forward_copy", date(2025, 9, 17))
    step(clerk_api, cid, "receive_reply", date(2025, 9, 30))
    case = step(clerk_api, cid, "hear_views", date(2025, 9, 30), HEARD)["case"]
    direct = clerk_api.transition(cid, "decide", on=date(2025, 10, 9), data={"decision_type": "maintain"})
    assert direct.status_code == 409 and direct.json["error"] == "approval_required"
    assert direct.json["approval_roles"] == ["office_head", "organ_leader"]
    proposed = clerk_api.post("/api/v1/approvals", json={
        "case_id": cid, "transition": "decide", "version": case["version"], "on": "2025-10-09",
        "data": {"decision_type": "maintain"}, "reason": "被申请人认定事实清楚", "opinion": "拟维持"})
    assert proposed.status_code == 201, proposed.json
    request_id = proposed.json["request"]["id"]
    organ, head = api(office_team["organ"]), api(office_team["head"])
    early = organ.post(f"/api/v1/approvals/{request_id}/approve", json={"on": "2025-10-09"})
    assert early.status_code == 403 and "机构负责人" in early.json["errors"]["json"]["request"][0]
    reviewed = head.post(f"/api/v1/approvals/{request_id}/approve", json={"on": "2025-10-09", "opinion": "同意"})
    assert reviewed.status_code == 200 and reviewed.json["event"] is None
    assert reviewed.json["request"]["awaiting_role"] == "organ_leader"
    assert reviewed.json["case"]["state"] == "in_review" and reviewed.json["case"]["version"] == case["version"]
    assert head.post(f"/api/v1/approvals/{request_id}/approve", json={}).status_code == 403  # not twice
    done = organ.post(f"/api/v1/approvals/{request_id}/approve", json={"on": "2025-10-10", "opinion": "批准"})
    assert done.status_code == 200, done.json
    event = done.json["event"]
    assert done.json["case"]["state"] == "decided" and event["effective_on"] == "2025-10-10"
    assert event["actor"] == office_team["clerk"].display_name
    assert event["approver"] == office_team["organ"].display_name
    record = event["payload"]["approval"]
    assert record["opinion"] == "拟维持" and record["proposed_by"] == office_team["clerk"].display_name
    assert [(s["role"], s["by"], s["opinion"]) for s in record["steps"]] == [
        ("office_head", office_team["head"].display_name, "同意"),
        ("organ_leader", office_team["organ"].display_name, "批准")]


def test_supplement_then_deemed_abandoned(register, clerk_api):
    cid = register()["id"]
    requested = step(clerk_api, cid, "request_supplement", date(2025, 9, 15),
                     {"items": "补充身份证明", "service": {"method": "direct", "received_on": "2025-09-16"}})["case"]
    assert requested["state"] == "awaiting_supplement"
    assert deadlines(requested, "reconsideration.acceptance_review")[0]["status"] == "met"
    supplement = deadlines(requested, "reconsideration.supplement")[0]
    # 10 WD from 09-16 across National Day 2025 (make-up Sun 09-28 counts): 17,18,19,22,23,24,25,26,28,29
    assert supplement["due_on"] == "2025-09-29"
    too_early = step(clerk_api, cid, "deem_abandoned", date(2025, 9, 29), reason="未补正", expect=409)
    assert too_early["error"] == "precondition_failed" and too_early["due_on"] == "2025-09-29"
    no_reason = step(clerk_api, cid, "deem_abandoned", date(2025, 9, 30), expect=422)
    assert "reason" in no_reason["errors"]["json"]
    done = step(clerk_api, cid, "deem_abandoned", date(2025, 9, 30), reason="逾期未补正且无正当理由")["case"]
    assert done["state"] == "deemed_abandoned"
    assert deadlines(done, "reconsideration.supplement")[0]["status"] == "expired"


def test_supplement_received_restarts_acceptance_review(register, clerk_api):
    cid = register()["id"]
    step(clerk_api, cid, "request_supplement", date(2025, 9, 15), {"items": "补充证据"})
    back = step(clerk_api, cid, "receive_supplement", date(2025, 9, 26))["case"]
    assert back["state"] == "received"
    reviews = deadlines(back, "reconsideration.acceptance_review")
    assert [r["status"] for r in reviews] == ["met", "running"]
    # Art. 31(3): a new 5 WD from Fri 09-26: Sun 09-28 (make-up), 29, 30, [Oct 1-8], 10-09, 10-10
    assert reviews[1]["due_on"] == "2025-10-10"
    assert step(clerk_api, cid, "accept", date(2025, 10, 9), {"procedure": "ordinary"})["case"]["state"] == "accepted"


def test_reject_needs_reason_and_office_head(register, clerk_api, office_team):
    cid = register()["id"]
    assert step(clerk_api, cid, "reject", date(2025, 9, 15),
                {}, expect=422)["errors"]["json"]["reason"]
    done = step(clerk_api, cid, "reject", date(2025, 9, 15),
                {"competent_organ": "某市人民政府"}, reason="不属于本机关管辖")
    assert done["case"]["state"] == "not_accepted"
    assert done["event"]["approver"] == office_team["head"].display_name
    assert all(d["status"] != "running" for d in done["case"]["deadlines"])


HEARD = {"heard_party": "申请人", "method": "phone", "views": "申请人坚持复议请求", "asked_about_mediation": True}
SIMPLIFIED = {"procedure": "simplified", "simplified_ground": "small_amount", "amount_involved": 2000}


def _to_review(clerk_api, cid, procedure="ordinary"):
    step(clerk_api, cid, "accept", date(2025, 9, 16), SIMPLIFIED if procedure == "simplified" else {"procedure": procedure})
    step(clerk_api, cid, "forward_copy", date(2025, 9, 17))
    step(clerk_api, cid, "receive_reply", date(2025, 9, 19))
    return step(clerk_api, cid, "hear_views", date(2025, 9, 19), HEARD)["case"]  # ARL Art. 49


def test_suspend_then_resume_pauses_the_decision_clock(register, clerk_api, office_team):
    cid = register()["id"]
    _to_review(clerk_api, cid)
    suspended = step(clerk_api, cid, "suspend", date(2025, 9, 20),
                     {"ground": "8"})["case"]
    assert suspended["state"] == "suspended"
    decision = deadlines(suspended, "reconsideration.decision")[0]
    assert decision["status"] == "paused" and decision["due_on"] is None
    assert not deadlines(suspended, "reconsideration.suspension_termination")  # ground 8 has no 60-day rule
    resumed = step(clerk_api, cid, "resume", date(2025, 10, 11), {})["case"]
    assert resumed["state"] == "in_review"
    decision = deadlines(resumed, "reconsideration.decision")[0]
    # nominal 11-15 + 21 paused days = 12-06 (Sat) → Mon 12-08
    assert decision["status"] == "running" and decision["due_on"] == "2025-12-08"
    assert decision["pauses"][0]["paused_on"] == "2025-09-20" and decision["pauses"][0]["resumed_on"] == "2025-10-11"
    assert any("暂停" in line for line in decision["explanation"])


def test_extend_once_by_at_most_30_days(register, clerk_api, office_team):
    cid = register()["id"]
    _to_review(clerk_api, cid)
    assert step(clerk_api, cid, "extend", date(2025, 11, 1), {"days": 31}, reason="案情复杂",
                expect=422)["errors"]["json"]["data"]["days"]
    extended = step(clerk_api, cid, "extend", date(2025, 11, 1), {"days": 30}, reason="案情复杂")["case"]
    assert extended["state"] == "in_review"
    decision = deadlines(extended, "reconsideration.decision")[0]
    # unrolled nominal 11-15 + 30 = 12-15 (Mon)
    assert decision["due_on"] == "2025-12-15"
    assert decision["extensions"][0]["approved_by"] == office_team["head"].display_name
    again = step(clerk_api, cid, "extend", date(2025, 11, 2), {"days": 5}, reason="再延", expect=409)
    assert again["error"] == "precondition_failed"


def test_simplified_procedure_uses_its_own_clocks_and_cannot_extend(register, clerk_api, office_team):
    cid = register(received_on=date(2025, 4, 22))["id"]
    accepted = step(clerk_api, cid, "accept", date(2025, 4, 25), SIMPLIFIED)["case"]
    assert deadlines(accepted, "reconsideration.forward_copy_simplified")[0]["due_on"] == "2025-04-29"
    assert deadlines(accepted, "reconsideration.decision_simplified")[0]["due_on"] == "2025-05-26"
    assert not deadlines(accepted, "reconsideration.decision")
    forwarded = step(clerk_api, cid, "forward_copy", date(2025, 4, 29))["case"]
    assert deadlines(forwarded, "reconsideration.reply_simplified")[0]["due_on"] == "2025-05-09"
    step(clerk_api, cid, "receive_reply", date(2025, 5, 6))
    refused = step(clerk_api, cid, "extend", date(2025, 5, 7),
                   {"days": 10}, reason="x", expect=409)
    assert "简易程序" in refused["errors"]["json"]["transition"][0]


def test_withdraw_terminates_and_stops_every_clock(register, clerk_api, office_team):
    cid = register()["id"]
    _to_review(clerk_api, cid)
    done = step(clerk_api, cid, "withdraw", date(2025, 9, 25),
                {"after_settlement": True}, reason="双方和解")["case"]
    assert done["state"] == "terminated"
    assert {d["status"] for d in done["deadlines"]} <= {"met", "stopped"}
    assert deadlines(done, "reconsideration.decision")[0]["status"] == "stopped"


def willing(case, on, agency_agrees=True):
    """The applicant's and the respondent agency's willingness to mediate (ARL Art. 5)."""
    return {"consents": [{"party_id": case["parties"][0]["id"], "consented": True, "method": "oral", "given_on": on},
                         {"party_name": case["respondent_agency"]["name"], "consented": agency_agrees,
                          "method": "written", "given_on": on}]}


def test_mediation_needs_both_sides_then_a_document_whose_terms_are_performed(register, api, clerk_api,
                                                                              office_team):
    case = register()
    cid = case["id"]
    _to_review(clerk_api, cid)
    mediator = api(office_team["mediator"])
    unwilling = mediator.transition(cid, "start_mediation", on="2025-09-22",
                                    data=willing(case, "2025-09-22", agency_agrees=False))
    assert unwilling.status_code == 409 and case["respondent_agency"]["name"] in str(unwilling.json["errors"])
    assert mediator.transition(cid, "start_mediation", on="2025-09-22",
                               data=willing(case, "2025-09-22")).status_code == 200
    appointed = step(clerk_api, cid, "appoint_mediator", date(2025, 9, 22),
                     {"mediator_id": office_team["mediator"].id, "no_conflict": True})["case"]
    assert appointed["mediators"][0]["user"] == office_team["mediator"].display_name
    step(mediator, cid, "record_session", date(2025, 9, 24), {
        "held_on": "2025-09-24", "starts_at": "10:00", "duration_minutes": 60, "mode": "remote",
        "attendees": [{"name": case["applicants"][0], "capacity": "party"},
                      {"name": "被申请人代表", "capacity": "agency"}],
        "issues": "罚款数额", "positions": [{"side": "申请人", "position": "请求撤销"},
                                             {"side": "被申请人", "position": "同意减为1000元"}]})
    issued = mediator.transition(cid, "issue_mediation", on="2025-10-09", data={"terms": [
        {"obligor": case["respondent_agency"]["name"], "obligee": case["applicants"][0], "content_type": "payment",
         "content": "退还多收罚款1000元", "amount": "1000.00", "due_on": "2025-10-29"}]})
    assert issued.status_code == 200, issued.json
    case = issued.json["case"]
    assert case["state"] == "mediated" and case["decision_type"] == "mediation"
    assert deadlines(case, "reconsideration.decision")[0]["status"] == "met"
    assert deadlines(case, "agreement.term_performance")[0]["due_on"] == "2025-10-29"
    assert len(case["sessions"]) == 1 and case["agreement"]["terms"][0]["content"] == "退还多收罚款1000元"
    early = step(clerk_api, cid, "record_performance", date(2025, 10, 20), expect=409)
    assert early["error"] == "precondition_failed"
    step(clerk_api, cid, "record_term_performance", date(2025, 10, 20),
         {"performances": [{"term_id": case["agreement"]["terms"][0]["id"], "status": "performed"}]})
    assert step(clerk_api, cid, "record_performance", date(2025, 10, 20))["case"]["state"] == "performed"


def test_mediation_can_fail_back_to_review(register, api, clerk_api, office_team):
    case = register()
    cid = case["id"]
    _to_review(clerk_api, cid)
    mediator = api(office_team["mediator"])
    mediator.transition(cid, "start_mediation", on="2025-09-22", data=willing(case, "2025-09-22"))
    assert mediator.transition(cid, "mediation_failed", on="2025-09-23").status_code == 422  # reason required
    back = mediator.transition(cid, "mediation_failed", on="2025-09-23", reason="被申请人反悔")
    assert back.json["case"]["state"] == "in_review"


def test_termination_after_60_days_of_suspension(register, clerk_api, office_team):
    cid = register()["id"]
    _to_review(clerk_api, cid)
    suspended = step(clerk_api, cid, "suspend", date(2025, 9, 22), {"ground": "1"})["case"]
    sixty = deadlines(suspended, "reconsideration.suspension_termination")[0]
    assert sixty["due_on"] == "2025-11-21"  # 09-22 + 60, no roll-forward (§8.7)
    early = step(clerk_api, cid, "terminate", date(2025, 11, 21), {"ground": "5"}, expect=409)
    assert early["error"] == "precondition_failed"
    done = step(clerk_api, cid, "terminate", date(2025, 11, 22), {"ground": "5"})["case"]
    assert done["state"] == "terminated"


def test_hearing_notice_deadline_counts_backwards(register, clerk_api):
    cid = register()["id"]
    _to_review(clerk_api, cid)
    scheduled = step(clerk_api, cid, "schedule_hearing", date(2025, 9, 25),
                     {"hearing_on": "2025-10-14", "place": "第一听证室"})["case"]
    assert scheduled["state"] == "hearing_scheduled"
    notice = deadlines(scheduled, "reconsideration.hearing_notice")[0]
    # 5 WD before Tue 10-14: 10-13, Sat 10-11 (make-up), 10-10, 10-09, 09-30
    assert notice["due_on"] == "2025-09-30" and notice["status"] == "met"
    assert step(clerk_api, cid, "hold_hearing", date(2025, 10, 14))["case"]["state"] == "in_review"


def test_no_reply_recorded_only_after_the_reply_period(register, clerk_api):
    cid = register()["id"]
    step(clerk_api, cid, "accept", date(2025, 9, 16), {"procedure": "ordinary"})
    step(clerk_api, cid, "forward_copy", date(2025, 9, 17), {"service": {"method": "direct", "received_on": "2025-09-26"}})
    assert step(clerk_api, cid, "record_no_reply", date(2025, 10, 16), expect=409)["due_on"] == "2025-10-16"
    case = step(clerk_api, cid, "record_no_reply", date(2025, 10, 17))["case"]
    assert case["state"] == "in_review" and case["no_reply"] is True
    assert deadlines(case, "reconsideration.reply")[0]["status"] == "late"


def test_history_lists_every_change_with_who_when_and_why(register, clerk_api, office_team):
    cid = register()["id"]
    step(clerk_api, cid, "request_supplement", date(2025, 9, 15), {"items": "补充证据"})
    step(clerk_api, cid, "receive_supplement", date(2025, 9, 18))
    step(clerk_api, cid, "reject", date(2025, 9, 19), {}, reason="超过申请期限")
    events = clerk_api.get(f"/api/v1/cases/{cid}/events").json
    assert [e["name"] for e in events] == ["register", "request_supplement", "receive_supplement", "reject"]
    assert [e["seq"] for e in events] == [1, 2, 3, 4]
    last = events[-1]
    assert last["actor"] == office_team["clerk"].display_name and last["reason"] == "超过申请期限"
    assert last["from_state"] == "received" and last["to_state"] == "not_accepted"
    assert last["effective_on"] == "2025-09-19" and last["recorded_at"].endswith("+00:00")


def test_committee_consultation_round_trip(register, clerk_api):
    cid = register()["id"]
    _to_review(clerk_api, cid)
    assert step(clerk_api, cid, "refer_to_committee", date(2025, 9, 22))["case"]["state"] == "awaiting_committee"
    assert step(clerk_api, cid, "receive_committee_opinion", date(2025, 10, 9))["case"]["state"] == "in_review"


def test_simplified_converted_to_ordinary_keeps_the_original_acceptance_date(register, clerk_api, office_team):
    cid = register(received_on=date(2025, 4, 22))["id"]
    step(clerk_api, cid, "accept", date(2025, 4, 25), SIMPLIFIED)
    step(clerk_api, cid, "forward_copy", date(2025, 4, 28), {"service": {"method": "direct", "received_on": "2025-04-29"}})
    converted = step(clerk_api, cid, "convert_to_ordinary", date(2025, 5, 6), reason="案情复杂")["case"]
    assert converted["procedure"] == "ordinary" and converted["state"] == "awaiting_reply"
    assert deadlines(converted, "reconsideration.decision_simplified")[0]["status"] == "stopped"
    # ordinary 60 days from the original acceptance 04-25: nominal 06-24 (Tue)
    assert deadlines(converted, "reconsideration.decision")[0]["due_on"] == "2025-06-24"
    # the copy was already sent: not repeated; the unanswered 5-WD reply becomes 10 WD from the same receipt
    assert not deadlines(converted, "reconsideration.forward_copy")
    assert deadlines(converted, "reconsideration.reply")[0]["due_on"] == "2025-05-16"
    again = step(clerk_api, cid, "convert_to_ordinary", date(2025, 5, 7), reason="x", expect=409)
    assert again["error"] == "precondition_failed"


def test_actions_offered_respect_their_legal_guards(register, clerk_api, office_team):
    cid = register()["id"]
    with time_machine.travel(datetime(2025, 10, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        case = _to_review(clerk_api, cid)
        offered = {t["name"] for t in case["allowed_transitions"]}
        assert "extend" in offered and "convert_to_ordinary" not in offered  # ordinary already (Art. 55)
        step(clerk_api, cid, "extend", date(2025, 10, 1), {"days": 10},
             reason="复杂")
        offered = {t["name"] for t in clerk_api.get(f"/api/v1/cases/{cid}").json["allowed_transitions"]}
        assert "extend" not in offered  # one extension only (Art. 62(1))


def test_office_head_assigns_the_handler(register, api, clerk_api, office_team, make, db):
    cid = register()["id"]
    other_clerk = make.user("clerk", office=office_team["office"])
    stranger = make.user("clerk")
    db.session.commit()
    head = api(office_team["head"])
    assert clerk_api.transition(cid, "assign_handler", data={"handler_id": other_clerk.id}).status_code == 403
    wrong = head.transition(cid, "assign_handler", data={"handler_id": stranger.id})
    assert wrong.status_code == 422 and "handler_id" in wrong.json["errors"]["json"]["data"]
    done = head.transition(cid, "assign_handler", data={"handler_id": other_clerk.id})
    assert done.status_code == 200 and done.json["case"]["handler"]["id"] == other_clerk.id
    assert done.json["case"]["state"] == "received" and done.json["event"]["name"] == "assign_handler"


def test_late_acceptance_dates_from_the_deemed_acceptance(register, clerk_api):
    cid = register()["id"]  # received Fri 2025-09-12: review due Fri 09-19
    result = step(clerk_api, cid, "accept", date(2025, 9, 24), {"procedure": "ordinary"})
    case = result["case"]
    assert result["event"]["payload"]["deemed_accepted_on"] == "2025-09-19"
    assert case["accepted_on"] == "2025-09-19"  # deemed accepted when the review ran out (Art. 30(3))
    assert deadlines(case, "reconsideration.acceptance_review")[0]["status"] == "late"
    decision = deadlines(case, "reconsideration.decision")[0]
    assert decision["start_on"] == "2025-09-19" and decision["due_on"] == "2025-11-18"  # 09-19 + 60


def test_supplement_period_extended_for_good_reason(register, clerk_api, office_team):
    cid = register()["id"]
    step(clerk_api, cid, "request_supplement", date(2025, 9, 15), {"items": "补充证据", "service": {"method": "direct", "received_on": "2025-09-16"}})
    case = step(clerk_api, cid, "extend_supplement", date(2025, 9, 24),
                {"days": 5}, reason="申请人住院")["case"]
    supplement = deadlines(case, "reconsideration.supplement")[0]
    # 10 WD ended Mon 09-29; 5 more working days: 09-30, [10-01..08], 10-09, 10-10, Sat 10-11 (make-up), 10-13
    assert supplement["due_on"] == "2025-10-13"
    assert supplement["extensions"][0]["days"] == 5 and supplement["extensions"][0]["reason"] == "申请人住院"
    assert any("延长5个工作日" in line for line in supplement["explanation"])
    assert step(clerk_api, cid, "deem_abandoned", date(2025, 10, 13), reason="x", expect=409)["due_on"] == "2025-10-13"
