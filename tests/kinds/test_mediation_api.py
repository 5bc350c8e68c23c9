"""Administrative mediation through the JSON API: request, consent, acceptance, mediator, sessions, agreement,
performance, follow-up, judicial confirmation, and every refusal the mediator can meet."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine

from tests.cases.flow import act
from tests.conftest import valid_id

TODAY = datetime(2025, 12, 31, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team(api, make, office_team, db):
    mediator2 = make.user("mediator", office=office_team["office"])
    db.session.commit()
    as_mediator = api(office_team["mediator"])
    as_mediator.approvers = {"office_head": api(office_team["head"])}
    return {**office_team, "mediator2": mediator2, "as_mediator": as_mediator,
            "as_head": api(office_team["head"]), "as_clerk": api(office_team["clerk"])}


def body(**overrides):
    data = {"kind": "mediation", "received_on": "2025-08-25", "source": "application",
            "dispute_category": "labour", "dispute_summary": "拖欠劳务报酬8600元", "request": "请求支付劳务报酬",
            "amount_in_dispute": "8600.00",
            "applicants": [{"kind": "natural_person", "name": "冯军", "id_number": valid_id(31), "phone": "13800138000"}],
            "respondents": [{"kind": "natural_person", "name": "陈静"}]}
    data.update(overrides)
    return data


def step(client, case_id, name, on, data=None, reason="", expect=200):
    """As the office does it (tests.cases.flow.act): acceptance is proposed, and approved by the office head."""
    return act(client, case_id, name, on, data, reason, expect, approvers=getattr(client, "approvers", {}),
               kind="mediation")


def consents(case, on, consented=True):
    return {"consents": [{"party_id": p["id"], "consented": consented, "method": "written", "given_on": on}
                         for p in case["parties"]]}


def session(on, **extra):
    return {"held_on": on, "starts_at": "14:30", "duration_minutes": 90, "mode": "in_person", "place": "调解室",
            "attendees": [{"name": "冯军", "capacity": "party"}, {"name": "陈静", "capacity": "party"}],
            "issues": "报酬数额", "positions": [{"side": "冯军", "position": "要求全额支付"},
                                                {"side": "陈静", "position": "只认可6000元"}], **extra}


def mediating(team):
    """A request registered, consented to, accepted (2025-09-01) and given a mediator."""
    m = team["as_mediator"]
    created = m.post("/api/v1/cases", json=body())
    assert created.status_code == 201, created.json
    case = created.json
    step(m, case["id"], "record_consent", "2025-08-27", consents(case, "2025-08-27"))
    step(team["as_mediator"], case["id"], "accept", "2025-09-01")
    return step(team["as_head"], case["id"], "appoint_mediator", "2025-09-01",
                {"mediator_id": team["mediator"].id, "no_conflict": True,
                 "co_mediator_ids": [team["mediator2"].id]})["case"]


def deadline(case, rule):
    return next(d for d in case["deadlines"] if d["rule_id"] == rule)


def test_a_mediation_from_request_to_performed_agreement(team):
    m = team["as_mediator"]
    created = m.post("/api/v1/cases", json=body())
    assert created.status_code == 201, created.json
    case = created.json
    assert case["docket_number"].endswith("调〔2025〕1号") and case["state"] == "applied"
    assert case["dispute_category"] == "labour" and case["amount_in_dispute"] == "8600.00"
    assert case["persons_involved"] == 2 and {p["role"] for p in case["parties"]} == {"applicant", "respondent"}
    # 5 working days to decide on acceptance (local rule, default)
    assert deadline(case, "mediation.acceptance_review")["due_on"] == "2025-09-01"
    cid = case["id"]

    step(m, cid, "record_consent", "2025-08-27", consents(case, "2025-08-27"))
    accepted = step(team["as_mediator"], cid, "accept", "2025-09-01")["case"]
    # 30 days from acceptance (§8.8): 2025-10-01 is National Day, so the last day moves to the first working day
    assert deadline(accepted, "mediation.time_limit")["due_on"] == "2025-10-09"
    appointed = step(team["as_head"], cid, "appoint_mediator", "2025-09-01",
                     {"mediator_id": team["mediator"].id, "no_conflict": True,
                      "co_mediator_ids": [team["mediator2"].id]})["case"]
    assert appointed["state"] == "mediating" and appointed["handler"]["id"] == team["mediator"].id
    assert [(x["duty"], x["ended_on"]) for x in appointed["mediators"]] == [("mediator", None), ("co_mediator", None)]

    first = step(m, cid, "record_session", "2025-09-02", session("2025-09-02"))
    assert first["event"]["payload"]["issues"] == "报酬数额"  # the event keeps everything entered
    step(m, cid, "record_session", "2025-09-03", session("2025-09-03", proposal="建议支付7500元"))
    corrected = step(m, cid, "correct_session", "2025-09-04",
                     {**session("2025-09-02", duration_minutes=120), "session_number": 1,
                      "correction_reason": "时长记录有误"})["case"]
    assert [(s["number"], s["version"], s["duration_minutes"]) for s in corrected["sessions"]] == [
        (1, 2, 120), (2, 1, 90)]
    assert corrected["sessions"][0]["earlier_versions"] == 1

    extended = step(m, cid, "extend", "2025-09-04", {"days": 15, **consents(case, "2025-09-04")},
                    reason="双方同意延长")["case"]
    assert deadline(extended, "mediation.time_limit")["due_on"] == "2025-10-16"  # 10-01 + 15 = 10-16
    agreed = step(m, cid, "reach_agreement", "2025-09-05", {
        "summary": "双方同意支付7500元", "terms": [
            {"obligor": "陈静", "obligee": "冯军", "content_type": "payment", "content": "支付第一期",
             "amount": "4000.00", "due_on": "2025-09-20"},
            {"obligor": "陈静", "obligee": "冯军", "content_type": "payment", "content": "支付第二期",
             "amount": "3500.00", "due_on": "2025-10-20"}]})["case"]
    assert agreed["state"] == "agreement_effective" and agreed["outcome"] == "agreement"
    # The 30-day judicial-confirmation window (PML Art. 33): legal-reference §7 example 15
    assert deadline(agreed, "mediation.judicial_confirmation")["due_on"] == "2025-10-09"
    assert deadline(agreed, "mediation.time_limit")["status"] == "met"
    terms = agreed["agreement"]["terms"]
    assert [(t["seq"], t["status"]) for t in terms] == [(1, "breached"), (2, "breached")]  # today is 12-31

    applied = step(m, cid, "apply_confirmation", "2025-09-12", {"court": "东城区人民法院"})["case"]
    assert deadline(applied, "mediation.judicial_confirmation")["status"] == "met"
    assert applied["confirmation_applied_on"] == "2025-09-12"
    performed = step(m, cid, "record_performance", "2025-09-18",
                     {"performances": [{"term_id": terms[0]["id"], "status": "performed"}]})["case"]
    assert [t["status"] for t in performed["agreement"]["terms"]] == ["performed", "breached"]
    term_deadlines = [d for d in performed["deadlines"] if d["rule_id"] == "agreement.term_performance"]
    assert [(d["due_on"], d["status"]) for d in term_deadlines] == [("2025-09-20", "met"), ("2025-10-20", "running")]
    assert term_deadlines[1]["overdue"] is True
    too_early = step(m, cid, "mark_breached", "2025-10-20", expect=409)
    assert too_early["error"] == "precondition_failed"
    breached = step(m, cid, "mark_breached", "2025-10-21")["case"]
    assert breached["state"] == "breached"
    step(m, cid, "record_follow_up", "2025-10-22",
         {"visited_on": "2025-10-22", "method": "phone", "result": "被申请人表示月底前支付"})
    confirmed = step(m, cid, "record_confirmation", "2025-10-23",
                     {"result": "confirmed", "ruling_number": "（2025）东民特1号"})["case"]
    assert (confirmed["confirmation_result"], confirmed["confirmation_ruled_on"]) == ("confirmed", "2025-10-23")
    step(m, cid, "record_performance", "2025-10-30",
         {"performances": [{"term_id": terms[1]["id"], "status": "performed"}]})
    closed = step(m, cid, "close_performed", "2025-10-30")["case"]
    assert closed["state"] == "performed" and closed["closed_on"] == "2025-10-30"
    assert closed["duration_days"] == (date(2025, 10, 30) - date(2025, 8, 25)).days
    assert closed["follow_ups"][0]["method"] == "phone"
    assert not [d for d in closed["deadlines"] if d["status"] == "running"]


def test_mediation_needs_every_partys_consent(team):
    m = team["as_mediator"]
    case = m.post("/api/v1/cases", json=body()).json
    refused = step(team["as_mediator"], case["id"], "accept", "2025-09-01", expect=409)
    assert "冯军" in refused["errors"]["json"]["transition"][0] and "陈静" in refused["errors"]["json"]["transition"][0]
    partial = consents(case, "2025-08-27")
    partial["consents"][1]["consented"] = False
    step(m, case["id"], "record_consent", "2025-08-27", partial)
    still = step(team["as_mediator"], case["id"], "accept", "2025-09-01", expect=409)
    assert "陈静" in still["errors"]["json"]["transition"][0] and "冯军" not in still["errors"]["json"]["transition"][0]


@pytest.mark.parametrize("data, field", [
    ({"terms": []}, ("terms",)),
    ({"terms": [{"obligee": "冯军", "content_type": "act", "content": "道歉", "due_on": "2025-09-30"}]},
     ("terms", "0", "obligor")),
    ({"terms": [{"obligor": "陈静", "obligee": "冯军", "content_type": "act", "due_on": "2025-09-30"}]},
     ("terms", "0", "content")),
    ({"terms": [{"obligor": "陈静", "obligee": "冯军", "content_type": "act", "content": "道歉"}]},
     ("terms", "0", "due_on")),
    ({"terms": [{"obligor": "陈静", "obligee": "冯军", "content_type": "payment", "content": "赔偿",
                 "due_on": "2025-09-30"}]}, ("terms", "0", "amount")),
    ({"terms": [{"obligor": "陈静", "obligee": "冯军", "content_type": "act", "content": "道歉",
                 "due_on": "2025-09-05"}]}, ("terms", "0", "due_on")),
])
def test_a_bad_agreement_is_refused_naming_the_field_and_nothing_is_saved(team, data, field):
    case = mediating(team)
    refused = step(team["as_mediator"], case["id"], "reach_agreement", "2025-09-05", data, expect=422)
    node = refused["errors"]["json"]["data"]
    for key in field:
        node = node[key]
    assert node
    after = team["as_mediator"].get(f"/api/v1/cases/{case['id']}").json
    assert after["state"] == "mediating" and after["agreement"] is None and after["version"] == case["version"]


@pytest.mark.parametrize("held_on, field", [("2025-08-31", "held_on"), ("2026-01-05", "held_on")])
def test_a_session_before_acceptance_or_in_the_future_is_refused(team, held_on, field):
    case = mediating(team)
    refused = step(team["as_mediator"], case["id"], "record_session", "2025-09-02", session(held_on), expect=422)
    assert field in refused["errors"]["json"]["data"]
    assert team["as_mediator"].get(f"/api/v1/cases/{case['id']}").json["sessions"] == []


def test_a_session_needs_its_points_in_dispute_and_who_came(team):
    case = mediating(team)
    data = session("2025-09-02")
    data.update(attendees=[], issues="", mode="in_person", place="")
    refused = step(team["as_mediator"], case["id"], "record_session", "2025-09-02", data, expect=422)
    assert {"attendees", "issues", "place"} <= set(refused["errors"]["json"]["data"])


def test_an_outcome_cannot_be_recorded_twice(team):
    case = mediating(team)
    step(team["as_mediator"], case["id"], "record_failure", "2025-09-10", {"advice": "可向人民法院起诉"})
    again = step(team["as_mediator"], case["id"], "reach_agreement", "2025-09-11",
                 {"terms": [{"obligor": "陈静", "obligee": "冯军", "content_type": "act", "content": "道歉",
                             "due_on": "2025-09-30"}]}, expect=409)
    assert again["error"] == "transition_not_allowed"


def test_a_failed_mediation_records_the_advice_given(team):
    case = mediating(team)
    missing = step(team["as_mediator"], case["id"], "record_failure", "2025-09-10", expect=422)
    assert "advice" in missing["errors"]["json"]["data"]
    failed = step(team["as_mediator"], case["id"], "record_failure", "2025-09-10", {"advice": "可向人民法院起诉"})
    assert failed["case"]["state"] == "failed" and failed["case"]["failure_advice"] == "可向人民法院起诉"
    assert failed["case"]["outcome"] == "failed"


def test_the_time_limit_lapses_by_the_systems_hand_only_after_its_last_day(team):
    from caseflow.auth.models import SYSTEM_ACTOR
    from caseflow.cases.services import apply_transition, get_case
    from caseflow.errors import GuardFailed

    case = mediating(team)
    loaded = get_case(case["id"], team["mediator"])
    with pytest.raises(GuardFailed):
        apply_transition(loaded, "lapse", actor=SYSTEM_ACTOR, on=date(2025, 10, 9))
    event = apply_transition(loaded, "lapse", actor=SYSTEM_ACTOR, on=date(2025, 10, 10))
    assert event.actor_role == "system" and loaded.termination_ground == "time_limit"
    assert loaded.state == "terminated"


def test_a_mediator_who_is_a_party_must_step_aside(team, make, db):
    party_mediator = make.user("mediator", office=team["office"])
    party_mediator.display_name = "陈静"
    db.session.commit()
    m = team["as_mediator"]
    case = m.post("/api/v1/cases", json=body()).json
    step(m, case["id"], "record_consent", "2025-08-27", consents(case, "2025-08-27"))
    step(team["as_mediator"], case["id"], "accept", "2025-09-01")
    refused = step(team["as_head"], case["id"], "appoint_mediator", "2025-09-01",
                   {"mediator_id": party_mediator.id, "no_conflict": True}, expect=422)
    assert "mediator_id" in refused["errors"]["json"]["data"]
    undeclared = step(team["as_head"], case["id"], "appoint_mediator", "2025-09-01",
                      {"mediator_id": team["mediator"].id, "no_conflict": False}, expect=422)
    assert "no_conflict" in undeclared["errors"]["json"]["data"]


def test_recusal_hands_the_case_to_a_free_mediator(team, make, db):
    third = make.user("mediator", office=team["office"])
    db.session.commit()
    case = mediating(team)
    busy = step(team["as_head"], case["id"], "recuse_mediator", "2025-09-03",
                {"mediator_id": team["mediator"].id, "replacement_id": team["mediator2"].id},
                reason="申请人提出回避申请", expect=422)
    assert "replacement_id" in busy["errors"]["json"]["data"]
    done = step(team["as_head"], case["id"], "recuse_mediator", "2025-09-03",
                {"mediator_id": team["mediator"].id, "replacement_id": third.id}, reason="申请人提出回避申请")["case"]
    assert done["handler"]["id"] == third.id
    assert [(x["user"], x["duty"], x["end_reason"]) for x in done["mediators"]] == [
        (team["mediator"].display_name, "mediator", "回避"), (team["mediator2"].display_name, "co_mediator", None),
        (third.display_name, "mediator", None)]


def test_a_dispute_split_from_another_case_keeps_its_link(team, make):
    recon = team["as_clerk"].post("/api/v1/cases", json=make.application(team["agency"], date(2025, 8, 20))).json
    split = team["as_mediator"].post("/api/v1/cases", json=body(source="split_from_case", linked_case_id=recon["id"]))
    assert split.status_code == 201, split.json
    assert split.json["linked_case"] == {"id": recon["id"], "name": recon["docket_number"]}
    unlinked = team["as_mediator"].post("/api/v1/cases", json=body(source="split_from_case"))
    assert unlinked.status_code == 422 and "linked_case_id" in unlinked.json["errors"]["json"]
    foreign = team["as_mediator"].post("/api/v1/cases", json=body(source="split_from_case", linked_case_id=999999))
    assert foreign.status_code == 422 and "linked_case_id" in foreign.json["errors"]["json"]


@pytest.mark.parametrize("change, field", [
    ({"kind": "arbitration"}, "kind"), ({"dispute_category": "gossip"}, "dispute_category"),
    ({"source": "rumour"}, "source"), ({"respondents": []}, "respondents"),
    ({"source": "referral_court"}, "source_body"),
])
def test_bad_registration_is_refused_naming_the_field(team, change, field):
    response = team["as_mediator"].post("/api/v1/cases", json=body(**change))
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_only_the_roles_the_kind_names_register_it(team, make, api, db):
    organ = api(team["organ"])
    assert organ.post("/api/v1/cases", json=body()).status_code == 403


@pytest.mark.parametrize("respondent", [
    {"kind": "natural_person", "name": "冯军"},  # the applicant's name, no ID number given
    {"kind": "natural_person", "name": "冯某", "id_number": valid_id(31)},  # the applicant's ID number
])
def test_the_api_refuses_a_dispute_against_oneself_and_saves_nothing(team, db, respondent):
    """The forms' rule (issue 9) holds in the registration service, so the API keeps it too."""
    from caseflow.cases.models import Case

    before = db.session.scalar(sa.select(sa.func.count(Case.id)))
    refused = team["as_mediator"].post("/api/v1/cases", json=body(respondents=[respondent]))
    assert refused.status_code == 422, refused.json
    assert refused.json["errors"]["json"]["respondents"] == ["被申请人与申请人不能为同一人"]
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == before
    assert team["as_mediator"].post("/api/v1/cases", json=body()).status_code == 201
