"""Each defect of the reconsideration procedure that a trial run found, with the rule it breaks (issue: real
approvals, service dates and the law's remaining details)."""
from datetime import date

import pytest

from tests.cases.flow import Flow

SIMPLIFIED = {"simplified": {"simplified_ground": "small_amount", "amount_involved": 2000}}  # ARL Art. 53(1)(3)


@pytest.fixture
def flow(api, make, office_team):
    def start(received_on="2025-09-12"):
        body = make.application(office_team["agency"], received_on=date.fromisoformat(received_on))
        created = api(office_team["clerk"]).post("/api/v1/cases", json=body)
        assert created.status_code == 201, created.json
        return Flow(api, office_team, created.json)

    return start


HEARD = {"heard_party": "申请人", "method": "phone", "views": "申请人坚持复议请求", "asked_about_mediation": True}


def in_review(f, accepted_on="2025-09-16", procedure="ordinary"):
    f.do("accept", accepted_on, {"procedure": procedure, **SIMPLIFIED.get(procedure, {})})
    f.do("forward_copy", accepted_on)
    f.do("receive_reply", accepted_on)
    f.do("hear_views", accepted_on, HEARD)  # ARL Art. 49, before any decision
    return f


def test_converting_to_ordinary_keeps_the_pauses_of_earlier_suspensions(flow):
    """ARL Art. 62, legal-reference §8.4 and §7 example 12: the 60 days run from the original acceptance, and the
    21 days the case was suspended stay excluded."""
    f = flow("2025-02-28")
    f.do("accept", "2025-03-03", {"procedure": "simplified", **SIMPLIFIED["simplified"]})
    f.do("forward_copy", "2025-03-04")
    f.do("suspend", "2025-03-20", {"ground": "8"})
    f.do("resume", "2025-04-10")
    f.do("convert_to_ordinary", "2025-04-15", reason="案情复杂，转为普通程序")
    decision = f.deadlines("reconsideration.decision", "running")[0]
    assert decision["due_on"] == "2025-05-23"
    assert [(p["paused_on"], p["resumed_on"]) for p in decision["pauses"]] == [("2025-03-20", "2025-04-10")]


def test_termination_after_60_days_reads_only_the_current_suspension(flow):
    """ARL Art. 41(5): only a suspension on ground 1, 2 or 4 that has lasted 60 days allows termination; an
    earlier, resumed suspension on such a ground does not count for a later one on another ground."""
    f = in_review(flow())
    f.do("suspend", "2025-09-22", {"ground": "1"})
    f.do("resume", "2025-10-01")
    f.do("suspend", "2025-10-10", {"ground": "8"})
    refused = f.do("terminate", "2025-11-30", {"ground": "5"}, expect=409)
    assert refused["error"] == "precondition_failed"


def test_no_refusal_after_the_review_period_deemed_the_case_accepted(flow):
    """ARL Art. 30(3): once the 5 working days of the review passed without a refusal, the case is accepted."""
    f = flow()  # received Fri 09-12: the review runs to Fri 09-19
    refused = f.do("reject", "2025-09-22", reason="不属于受理范围", expect=409)
    assert refused["error"] == "precondition_failed"
    assert f.do("reject", "2025-09-19", reason="不属于受理范围")["case"]["state"] == "not_accepted"


def test_one_complete_supplement_notice(flow):
    """ARL Art. 31(1): the office lists everything to supplement in one notice (一次性告知)."""
    f = flow()
    f.do("request_supplement", "2025-09-15", {"items": "补充身份证明"})
    f.do("receive_supplement", "2025-09-17")
    refused = f.do("request_supplement", "2025-09-18", {"items": "补充授权委托书"}, expect=409)
    assert refused["error"] == "precondition_failed"


def test_no_extension_once_the_decision_period_has_run_out(flow):
    """ARL Art. 62(1): the period is extended while it runs; afterwards there is nothing left to extend."""
    f = in_review(flow())  # accepted 09-16: decision due Mon 11-17
    refused = f.do("extend", "2025-11-18", {"days": 30}, reason="案情复杂", expect=409)
    assert refused["error"] == "precondition_failed"
    assert f.do("extend", "2025-11-17", {"days": 30}, reason="案情复杂")["case"]["state"] == "in_review"


def test_a_plain_revocation_leaves_nothing_to_perform(flow):
    """ARL Arts. 64, 77: only a decision that orders the respondent to act starts a performance clock."""
    f = in_review(flow())
    f.do("decide", "2025-10-20", {"decision_type": "revoke"}, reason="事实不清")
    f.do("record_service", "2025-10-22")
    assert f.deadlines("reconsideration.performance") == []
    assert f.do("archive", "2025-10-23")["case"]["state"] == "closed"


def test_the_rule_version_is_the_one_for_the_cases_receipt_also_when_recomputed(app, flow, monkeypatch):
    """§8.11: a case keeps the version of each rule that applied when it was received, even after a later version
    takes effect and its deadlines are recomputed."""
    from dataclasses import replace

    from caseflow.calendar.rules import RuleCatalogue, Unit
    from caseflow.deadlines.models import Deadline
    from caseflow.deadlines.services import refresh
    from caseflow.extensions import db

    catalogue = app.extensions["caseflow.rules"]
    reply = catalogue.get("reconsideration.reply")
    later = replace(reply, unit=Unit.CALENDAR_DAYS, count=15, applies_from=date(2025, 10, 1))
    monkeypatch.setitem(app.extensions, "caseflow.rules",
                        RuleCatalogue([r for rule_id in catalogue.ids() for r in catalogue._versions[rule_id]] + [later]))
    f = flow()  # received 2025-09-12, under the version of 2024-01-01
    f.do("accept", "2025-10-08", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-10-09")
    reply_due = f.due("reconsideration.reply")
    assert reply_due == "2025-10-22"  # 10 working days (make-up Sat 10-11 counts), not 15 calendar days
    deadline = db.session.get(Deadline, f.deadlines("reconsideration.reply")[0]["id"])
    refresh(deadline)
    assert deadline.due_on.isoformat() == reply_due


def test_the_hearing_notice_is_met_by_its_receipt_not_by_scheduling(flow):
    """ARL Art. 51, Hearing Rules Art. 4: the notice must reach the parties 5 working days before the hearing;
    scheduling the hearing is not serving the notice."""
    f = in_review(flow())
    mailed = {"service": {"method": "mail"}}
    f.do("schedule_hearing", "2025-09-22", {"hearing_on": "2025-10-20", "place": "第一听证室", **mailed})
    notice = f.deadlines("reconsideration.hearing_notice")[0]
    assert notice["status"] == "running" and notice["due_on"] == "2025-10-13"  # 5 WD back from Mon 10-20
    services = [s for s in f.case["services"] if s["document"] == "hearing_notice"]
    assert {s["addressee"] for s in services} == {f.case["applicants"][0], f.case["respondent"]}
    for s in services:
        f.receipt(s["id"], "2025-09-25")
    assert f.deadlines("reconsideration.hearing_notice")[0]["status"] == "met"


def test_a_decision_takes_effect_when_served_not_on_a_typed_date(flow):
    """ARL Art. 75(2): effective on service; the suit window runs from the applicant's own receipt."""
    f = in_review(flow())
    f.do("decide", "2025-10-20", {"decision_type": "order_performance", "performance_days": 30},
         reason="未依法履行职责")
    applicant, agency = f.case["applicants"][0], f.case["respondent"]
    unserved = f.do("record_service", "2025-10-27", {"services": [
        {"addressee": applicant, "method": "mail", "sent_on": "2025-10-21", "received_on": "2025-10-23"},
        {"addressee": agency, "method": "mail", "sent_on": "2025-10-21"}]}, expect=409)
    assert "service" in unserved["errors"]["json"]["data"]
    done = f.do("record_service", "2025-10-27", {"services": [
        {"addressee": applicant, "method": "mail", "sent_on": "2025-10-21", "received_on": "2025-10-23",
         "evidence": "EMS1001"},
        {"addressee": agency, "method": "direct", "sent_on": "2025-10-24", "received_on": "2025-10-24"}]})["case"]
    assert done["effective_on"] == "2025-10-24"  # the last party's receipt, not the day typed
    assert f.due("litigation.after_decision") == "2025-11-07"  # 15 days from the applicant's receipt on 10-23
    assert f.due("reconsideration.performance") == "2025-11-24"  # 30 days from the respondent's receipt on 10-24
