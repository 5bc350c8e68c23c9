"""The sweep on reconsiderations, on fixed days across holidays and make-up workdays: the law's automatic steps
(R8, R11, R28, R30) by the system actor, proposals for a person to confirm (R5, R18), warnings before the office's
own deadlines (E3), notices (E1, E4, E5, E7, E9), the escalation ladder (E6) and closing when the case moves on."""
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.cases.models import CaseEvent
from caseflow.supervision.models import Notice
from tests.supervision.conftest import notices, sweep_on

REVIEW = "reconsideration.acceptance_review"
HEARD = {"heard_party": "申请人", "method": "phone", "views": "坚持请求"}


def events(db, case_id, name):
    return list(db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.name == name)))


def test_deemed_acceptance_the_day_after_the_review_across_national_day(flow, db, office_team):
    """Received Fri 2025-09-26: 5 WD are Sun 09-28 (make-up), 09-29, 09-30, 10-09, 10-10 → due Fri 10-10."""
    f = flow("2025-09-26")
    assert f.due(REVIEW) == "2025-10-10"  # (the supplement notice's 5 WD end that day too, warned apart)
    for today in ("2025-09-30", "2025-10-08"):  # two working days left (10-09, 10-10): no warning yet
        sweep_on(today)
        assert notices(db, f.id, type="E3", rule_id=REVIEW) == []
    sweep_on("2025-10-09")  # one working day before the last: the handler is warned
    warning = notices(db, f.id, type="E3", rule_id=REVIEW)
    assert [(n.level, n.addressee_user_id) for n in warning] == [(1, office_team["clerk"].id)]
    sweep_on("2025-10-10")  # the last day: the office head too; the earlier warning is overtaken
    assert sorted((n.level, n.addressee_key, n.status) for n in notices(db, f.id, type="E3", rule_id=REVIEW)) == [
        (0, "role:office_head", "open"), (0, f"user:{office_team['clerk'].id}", "open"),
        (1, f"user:{office_team['clerk'].id}", "escalated")]
    assert events(db, f.id, "deem_accepted") == []  # not a day early
    run = sweep_on("2025-10-11")  # a make-up Saturday
    deemed = events(db, f.id, "deem_accepted")
    assert len(deemed) == 1 and deemed[0].actor_name == "系统" and deemed[0].actor_role == "system"
    assert deemed[0].effective_on == date(2025, 10, 11) and run.counts["steps"] == 1
    case = f.clerk.get(f"/api/v1/cases/{f.id}").json
    assert case["state"] == "accepted" and case["accepted_on"] == "2025-10-10"  # Art. 30(3)
    assert {n.status for n in notices(db, f.id, type="E3", rule_id=REVIEW)} <= {"resolved", "escalated"}  # closed with the review
    again = sweep_on("2025-10-13")
    assert len(events(db, f.id, "deem_accepted")) == 1 and again.counts.get("steps", 0) == 0


def test_no_reply_is_the_systems_step_and_the_respondent_is_told(flow, db, office_team):
    f = flow()
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-09-17", {"service": {"method": "direct", "received_on": "2025-09-26"}})
    assert f.due("reconsideration.reply") == "2025-10-16"  # §7 example 8
    sweep_on("2025-10-16")
    assert events(db, f.id, "record_no_reply") == [] and notices(db, f.id, type="E1") == []
    sweep_on("2025-10-17")
    [step] = events(db, f.id, "record_no_reply")
    assert step.actor_role == "system" and step.effective_on == date(2025, 10, 17)
    told = notices(db, f.id, type="E1")
    agency = [n for n in told if n.addressee_kind == "agency"]
    assert len(told) == 2 and agency[0].addressee_agency_id == office_team["agency"].id
    assert agency[0].response_due_on == date(2025, 10, 24)  # 5 working days
    assert all(n.status == "open" for n in told)  # the no-reply step ended the period, not the supervision
    sweep_on("2025-10-17")
    sweep_on("2025-10-20")
    assert len(notices(db, f.id, type="E1")) == 2


def test_a_lapse_counted_from_an_unrecorded_receipt_waits_for_the_receipt(flow, db):
    f = flow()
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-09-17", {"service": {"method": "mail"}})
    sweep_on("2025-10-31")
    assert events(db, f.id, "record_no_reply") == [] and notices(db, f.id, type="E1") == []


def test_a_deemed_abandonment_is_proposed_and_a_person_confirms_it(flow, db, api, office_team):
    f = flow()
    f.do("request_supplement", "2025-09-15", {"items": "身份证明",
                                              "service": {"method": "direct", "received_on": "2025-09-16"}})
    assert f.due("reconsideration.supplement") == "2025-09-29"
    sweep_on("2025-09-30")
    [proposal] = notices(db, f.id, type="P")
    assert proposal.status == "proposed" and proposal.proposal == "deem_abandoned"
    assert f.clerk.get(f"/api/v1/cases/{f.id}").json["state"] == "awaiting_supplement"  # nothing applied
    refused = api(office_team["head"]).post(f"/api/v1/notices/{proposal.id}/decide", json={"take": False})
    assert refused.status_code in (403, 422)
    done = f.clerk.post(f"/api/v1/notices/{proposal.id}/decide",
                        json={"take": True, "reason": "逾期未补正且无正当理由", "on": "2025-09-30"})
    assert done.status_code == 200 and done.json["status"] == "resolved", done.json
    assert f.clerk.get(f"/api/v1/cases/{f.id}").json["state"] == "deemed_abandoned"


def test_termination_after_sixty_days_is_proposed_to_the_office_head(flow, db, api, office_team):
    f = flow()
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-09-16")
    f.do("receive_reply", "2025-09-19")
    f.do("suspend", "2025-09-22", {"ground": "1"})
    sweep_on("2025-11-21")  # the 60th day: not yet (§8.7)
    assert notices(db, f.id, type="E5") == []
    sweep_on("2025-11-22")
    [proposal] = notices(db, f.id, type="E5")
    assert proposal.addressee_role == "office_head" and proposal.proposal == "terminate"
    clerk_try = f.clerk.post(f"/api/v1/notices/{proposal.id}/decide", json={"take": True})
    assert clerk_try.status_code == 403 and "机构负责人" in clerk_try.json["errors"]["json"]["notice"][0]
    declined = api(office_team["head"]).post(f"/api/v1/notices/{proposal.id}/decide",
                                             json={"take": False, "reason": "近亲属已表示参加，待其书面确认"})
    assert declined.status_code == 200 and declined.json["status"] == "declined"
    assert f.clerk.get(f"/api/v1/cases/{f.id}").json["state"] == "suspended"


def test_the_decision_period_warns_and_then_reaches_the_heads(flow, db, office_team):
    f = flow()
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-09-16")
    f.do("receive_reply", "2025-09-19")
    assert f.due("reconsideration.decision") == "2025-11-17"
    sweep_on("2025-11-03")  # 10 working days before Mon 11-17
    assert [n.level for n in notices(db, f.id, type="E3")] == [10]
    sweep_on("2025-11-17")
    assert notices(db, f.id, type="E4") == []
    sweep_on("2025-11-18")
    late = notices(db, f.id, type="E4")
    assert sorted(n.addressee_role for n in late) == ["leader", "office_head"]
    assert "第三十四条" in late[0].body
    # Deciding closes them, at once (not at the next sweep)
    f.refresh()
    f.do("hear_views", "2025-11-18", HEARD)
    f.do("decide", "2025-11-18", {"decision_type": "maintain"}, reason="事实清楚")
    assert {n.status for n in notices(db, f.id, type="E4")} == {"resolved"}


def test_non_performance_climbs_the_ladder_each_step_decided_by_its_role(flow, db, api, make, office_team):
    leader = make.user("leader", office=office_team["office"])
    db.session.commit()
    f = flow("2025-08-20")
    f.do("accept", "2025-08-25", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-08-25")
    f.do("receive_reply", "2025-08-26")
    f.do("hear_views", "2025-08-26", HEARD)
    f.do("decide", "2025-09-12", {"decision_type": "order_performance", "performance_days": 30}, reason="不作为")
    f.do("record_service", "2025-09-16")
    assert f.due("reconsideration.performance") == "2025-10-16"
    sweep_on("2025-10-17")
    assert [e.actor_role for e in events(db, f.id, "record_non_performance")] == ["system"]
    [first] = notices(db, f.id, type="E6")
    assert (first.level, first.status, first.decided_by_role) == (1, "proposed", "office_head")
    head, chief = api(office_team["head"]), api(leader)
    assert head.post(f"/api/v1/notices/{first.id}/decide", json={"take": True, "on": "2025-10-17"}).status_code == 200
    order = [n for n in notices(db, f.id, type="E6", level=1) if n.addressee_kind == "agency"][0]
    assert order.title == "责令限期履行通知书" and order.response_due_on == date(2025, 11, 1)  # 15 days
    sweep_on("2025-11-01")
    assert notices(db, f.id, type="E6", level=2) == []  # not before the time given has passed
    sweep_on("2025-11-03")
    [second] = notices(db, f.id, type="E6", level=2)
    assert (second.status, second.decided_by_role) == ("proposed", "leader")
    assert db.session.get(Notice, order.id).status == "escalated"
    assert head.post(f"/api/v1/notices/{second.id}/decide", json={"take": True}).status_code == 403
    assert chief.post(f"/api/v1/notices/{second.id}/decide", json={"take": True, "on": "2025-11-03"}).status_code \
        == 200
    sweep_on("2025-11-19")
    [third] = notices(db, f.id, type="E6", level=3)
    chief.post(f"/api/v1/notices/{third.id}/decide", json={"take": True, "on": "2025-11-19"})
    sweep_on("2025-12-05")
    [fourth] = notices(db, f.id, type="E6", level=4)
    chief.post(f"/api/v1/notices/{fourth.id}/decide", json={"take": True, "on": "2025-12-05"})
    sweep_on("2026-01-10")
    assert notices(db, f.id, type="E6", level=5) == []  # the ladder ends with the referral
    # Performance at last: every open notice about it closes as resolved.
    f.refresh()
    f.do("record_performance", "2026-01-12")
    assert {n.status for n in notices(db, f.id, type="E6") if n.status not in ("escalated",)} == {"resolved"}


def test_the_opinion_letter_not_reported_on_raises_a_notice_to_its_recipient(flow, db):
    f = flow("2024-11-01")
    f.do("accept", "2024-11-04", {"procedure": "ordinary"})
    f.do("forward_copy", "2024-11-04")
    f.do("receive_reply", "2024-11-04")
    f.do("issue_opinion_letter", "2024-11-27", {"recipient": "某区公安分局", "findings": "程序瑕疵",
                                                "service": {"method": "direct", "received_on": "2024-11-29"}},
         reason="程序瑕疵")
    sweep_on("2025-02-05")
    assert notices(db, f.id, type="E7") == []
    sweep_on("2025-02-06")
    told = notices(db, f.id, type="E7")
    assert {n.addressee_name for n in told if n.addressee_kind == "external"} == {"某区公安分局"}
    f.refresh()
    f.do("record_opinion_report", "2025-02-10", {"report": "已整改"})
    assert {n.status for n in notices(db, f.id, type="E7")} == {"resolved"}


def test_the_hearing_notice_not_served_in_time(flow, db):
    f = flow()
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-09-16")
    f.do("receive_reply", "2025-09-19")
    f.do("schedule_hearing", "2025-09-22", {"hearing_on": "2025-10-14", "place": "第一听证室",
                                            "service": {"method": "mail"}})
    assert f.due("reconsideration.hearing_notice") == "2025-09-30"
    sweep_on("2025-10-09")
    assert len(notices(db, f.id, type="E9")) == 2


def test_the_decision_becomes_final_by_the_systems_hand(flow, db):
    f = flow("2025-08-20")
    f.do("accept", "2025-08-25", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-08-25")
    f.do("receive_reply", "2025-08-26")
    f.do("hear_views", "2025-08-26", HEARD)
    f.do("decide", "2025-09-12", {"decision_type": "maintain"}, reason="事实清楚")
    f.do("record_service", "2025-09-16")
    sweep_on("2025-10-09")
    assert events(db, f.id, "record_finality") == []
    sweep_on("2025-10-10")
    [final] = events(db, f.id, "record_finality")
    assert final.actor_role == "system"
    assert f.clerk.get(f"/api/v1/cases/{f.id}").json["final_on"] == "2025-10-10"


def test_one_case_that_fails_does_not_stop_the_others(flow, db, monkeypatch):
    first, second = flow(), flow()
    import caseflow.supervision.sweep as sweeping

    original = sweeping.handle_case

    def broken(case, as_of, counts, **options):
        if case.id == first.id:
            raise ValueError("data that breaks a guard")
        return original(case, as_of, counts, **options)

    monkeypatch.setattr(sweeping, "handle_case", broken)
    run = sweep_on("2025-09-22")
    assert [e["case_id"] for e in run.errors] == [first.id] and "ValueError" in run.errors[0]["error"]
    assert len(events(db, second.id, "deem_accepted")) == 1 and events(db, first.id, "deem_accepted") == []


@pytest.mark.parametrize("as_of", ["2025-09-22"])
def test_a_sweep_run_twice_does_nothing_the_second_time(flow, db, as_of):
    f = flow()
    once = sweep_on(as_of)
    twice = sweep_on(as_of)
    assert once.counts["steps"] == 1 and twice.counts.get("steps", 0) == 0
    assert twice.counts.get("notices", 0) == twice.counts.get("warnings", 0) == 0
    assert len(events(db, f.id, "deem_accepted")) == 1
