"""The reconsideration steps the law has beyond the main line, through the HTTP API: an oral application recorded
on the spot (Art. 22(3)), the simplified procedure's eligibility (Art. 53), hearing the parties (Art. 49), a
third party joining (Art. 16), the opinion letter and its 60-day report (Art. 76, R31), and the decision's
finality once the time to sue ran out (R30)."""
from datetime import date

import pytest

from tests.cases.flow import Flow
from tests.conftest import valid_id

HEARD = {"heard_party": "申请人", "method": "in_person", "views": "申请人坚持复议请求", "asked_about_mediation": True}


@pytest.fixture
def flow(api, make, office_team):
    def start(received_on="2025-09-12", **overrides):
        body = make.application(office_team["agency"], received_on=date.fromisoformat(received_on), **overrides)
        created = api(office_team["clerk"]).post("/api/v1/cases", json=body)
        assert created.status_code == 201, created.json
        return Flow(api, office_team, created.json)

    return start


def in_review(f, on="2025-09-16"):
    f.do("accept", on, {"procedure": "ordinary"})
    f.do("forward_copy", on)
    f.do("receive_reply", on)
    return f


def test_an_oral_application_is_recorded_on_the_spot_and_confirmed(api, make, office_team):
    clerk = api(office_team["clerk"])
    body = make.application(office_team["agency"], received_on=date(2025, 9, 12), receipt_channel="oral",
                            facts_and_reasons="")
    refused = clerk.post("/api/v1/cases", json=body)
    assert refused.status_code == 422
    assert set(refused.json["errors"]["json"]) == {"facts_and_reasons", "oral_record_confirmed"}
    created = clerk.post("/api/v1/cases", json={**body, "facts_and_reasons": "罚款过重，申请人当场口述",
                                                "oral_record_confirmed": True})
    assert created.status_code == 201, created.json
    assert created.json["receipt_channel"] == "oral" and created.json["oral_record_confirmed"] is True


@pytest.mark.parametrize("data, field", [
    ({"procedure": "simplified"}, "simplified_ground"),
    ({"procedure": "simplified", "simplified_ground": "small_amount", "amount_involved": 5000}, "amount_involved"),
    ({"procedure": "simplified", "simplified_ground": "information_disclosure"}, "simplified_ground"),
    ({"procedure": "ordinary", "simplified_ground": "on_the_spot"}, "simplified_ground"),
])
def test_the_simplified_procedure_needs_an_article_53_ground(flow, data, field):
    f = flow()
    refused = f.do("accept", "2025-09-16", data, expect=422)
    assert field in refused["errors"]["json"]["data"]
    assert f.clerk.get(f"/api/v1/cases/{f.id}").json["state"] == "received"


def test_a_simplified_case_records_its_ground(flow):
    f = flow()
    f.do("accept", "2025-09-16", {"procedure": "simplified", "simplified_ground": "small_amount",
                                  "amount_involved": 2000})
    assert f.case["procedure"] == "simplified" and f.case["simplified_ground"] == "small_amount"
    assert f.case["simplified_ground_title"] == "案件涉及款额三千元以下"


def test_an_ordinary_case_is_decided_only_after_the_parties_were_heard(flow):
    f = in_review(flow())
    assert "decide" not in {t["name"] for t in f.case["allowed_transitions"]}
    refused = f.propose("decide", "2025-10-09", {"decision_type": "maintain"}, reason="事实清楚")
    assert refused.status_code == 409 and "第四十九条" in refused.json["errors"]["json"]["transition"][0]
    no_method = f.do("hear_views", "2025-09-20", {**HEARD, "method": None}, expect=422)
    assert "method" in no_method["errors"]["json"]["data"]
    # The applicant did not come: recorded, and the case may be decided on the papers (Art. 49).
    f.do("hear_views", "2025-09-20", {"heard_party": "申请人", "views": "两次电话通知均未到场",
                                      "not_heard_for_party_reason": True})
    assert f.case["views_heard_on"] == "2025-09-20"
    f.do("decide", "2025-10-09", {"decision_type": "maintain"}, reason="事实清楚")
    assert f.case["state"] == "decided"


def test_a_hearing_hears_the_parties_and_a_simplified_case_needs_no_separate_hearing_of_views(flow):
    f = in_review(flow())
    f.do("schedule_hearing", "2025-09-18", {"hearing_on": "2025-10-14", "place": "第一听证室"})
    f.do("hold_hearing", "2025-10-14")
    assert f.case["views_heard_on"] == "2025-10-14"
    g = flow()
    g.do("accept", "2025-09-16", {"procedure": "simplified", "simplified_ground": "on_the_spot"})
    g.do("forward_copy", "2025-09-16")
    g.do("receive_reply", "2025-09-18")
    g.do("decide", "2025-09-22", {"decision_type": "maintain"}, reason="书面审理（第五十四条）")
    assert g.case["state"] == "decided" and g.case["views_heard_on"] is None


def test_a_third_party_joins_and_is_served_a_notice(flow):
    f = in_review(flow())
    base = {"joining": "notified", "third_party_name": "赵六", "third_party_kind": "natural_person",
            "interest": "被处罚行为的受害人", "service": {"method": "mail"}}
    bad = f.do("add_third_party", "2025-09-18", {**base, "id_number": "110101199001011234"}, expect=422)
    assert "id_number" in bad["errors"]["json"]["data"]
    f.do("add_third_party", "2025-09-18", {**base, "id_number": valid_id(77)})
    third = [p for p in f.case["parties"] if p["role"] == "third_party"]
    assert [p["name"] for p in third] == ["赵六"]
    notice = [s for s in f.case["services"] if s["document"] == "third_party_notice"]
    assert [(s["addressee"], s["method"], s["received_on"]) for s in notice] == [("赵六", "mail", None)]
    again = f.do("add_third_party", "2025-09-19", {**base, "id_number": valid_id(77)}, expect=422)
    assert "third_party_name" in again["errors"]["json"]["data"]


def test_the_opinion_letter_is_reported_on_within_60_days_of_its_receipt(flow):
    """legal-reference §7 example 11: received Fri 2024-11-29 → due Wed 2025-02-05."""
    f = in_review(flow("2024-11-01"), on="2024-11-04")
    letter = {"recipient": "某区公安分局", "findings": "扣押程序不规范，应予纠正", "service": {"method": "mail"}}
    f.do("issue_opinion_letter", "2024-11-27", letter, reason="执法程序存在瑕疵")  # office head, organ leader
    awaiting = f.deadlines("reconsideration.opinion_report", "running")[0]
    assert awaiting["awaiting_receipt"] is True and awaiting["provisional"] is True
    service = next(s for s in f.case["services"] if s["document"] == "opinion_letter")
    f.receipt(service["id"], "2024-11-29", "EMS 9921")
    assert f.due("reconsideration.opinion_report") == "2025-02-05"
    second = f.propose("issue_opinion_letter", "2024-12-02", letter, reason="另一问题")
    assert second.status_code == 409 and "尚未反馈" in second.json["errors"]["json"]["transition"][0]
    f.do("record_opinion_report", "2025-01-20", {"report": "已组织整改并书面报告"})
    assert f.deadlines("reconsideration.opinion_report")[0]["status"] == "met"


def test_an_opinion_letter_after_the_case_closed_keeps_it_closed(flow):
    f = in_review(flow())
    f.do("hear_views", "2025-09-17", HEARD)
    f.do("decide", "2025-09-22", {"decision_type": "maintain"}, reason="事实清楚")
    f.do("record_service", "2025-09-23")
    f.do("archive", "2025-09-24")
    closed = f.case["closed_on"]
    f.do("issue_opinion_letter", "2025-09-26", {"recipient": "某区公安分局", "findings": "规范执法文书",
                                                "service": {"method": "direct", "received_on": "2025-09-26"}},
         reason="文书不规范")
    assert f.case["state"] == "closed" and f.case["closed_on"] == closed
    assert f.due("reconsideration.opinion_report") == "2025-11-25"  # 09-26 + 60


def test_the_decision_is_final_the_day_after_the_time_to_sue_ran_out(flow):
    """legal-reference §7 example 14: served Tue 2025-09-16 → suit by Thu 10-09 → final from Fri 10-10 (R30)."""
    f = in_review(flow("2025-08-20"), on="2025-08-25")
    f.do("hear_views", "2025-08-26", HEARD)
    f.do("decide", "2025-09-12", {"decision_type": "maintain"}, reason="事实清楚")
    f.do("record_service", "2025-09-16")
    assert f.due("litigation.after_decision") == "2025-10-09"
    early = f.do("record_finality", "2025-10-09", expect=409)
    assert early["due_on"] == "2025-10-09"
    f.do("record_finality", "2025-10-13")
    assert f.case["final_on"] == "2025-10-10"
    assert f.deadlines("litigation.after_decision")[0]["status"] != "running"
    refused = f.do("record_suit", "2025-10-14", {"court": "某区人民法院"}, expect=409)
    assert "发生法律效力" in refused["errors"]["json"]["transition"][0]


def test_a_suit_in_time_keeps_the_decision_from_becoming_final(flow):
    f = in_review(flow("2025-08-20"), on="2025-08-25")
    f.do("hear_views", "2025-08-26", HEARD)
    f.do("decide", "2025-09-12", {"decision_type": "maintain"}, reason="事实清楚")
    f.do("record_service", "2025-09-16")
    f.do("record_suit", "2025-09-30", {"court": "某区人民法院", "court_case_number": "（2025）某0101行初88号"})
    assert f.case["suit_filed_on"] == "2025-09-30" and f.case["suit_court"] == "某区人民法院"
    assert f.case["suit_case_number"] == "（2025）某0101行初88号"
    # The figures' columns: concluded by the decision on its day, with its type (issue 12).
    assert (f.case["concluded_on"], f.case["outcome"], f.case["settled"]) == ("2025-09-12", "maintain", False)
    assert f.do("record_finality", "2025-10-13", expect=409)["error"] == "precondition_failed"
    # 行政应诉: the judgment and whether the agency's person in charge appeared, recorded once.
    f.do("record_suit_outcome", "2026-01-20", {"outcome": "lost", "head_appeared": "yes"})
    assert (f.case["suit_outcome"], f.case["suit_outcome_on"], f.case["suit_head_appeared"]) == \
        ("lost", "2026-01-20", "yes")
    assert f.do("record_suit_outcome", "2026-01-21", {"outcome": "dismissed", "head_appeared": "no"},
                expect=409)["error"] == "precondition_failed"


def test_a_suit_outcome_needs_a_suit(flow):
    f = in_review(flow("2025-08-20"), on="2025-08-25")
    f.do("hear_views", "2025-08-26", HEARD)
    f.do("decide", "2025-09-12", {"decision_type": "vary"}, reason="明显不当")
    f.do("record_service", "2025-09-16")
    refused = f.do("record_suit_outcome", "2025-09-20", {"outcome": "lost", "head_appeared": "yes"}, expect=409)
    assert "尚未记录起诉" in refused["errors"]["json"]["transition"][0]


def test_a_withdrawal_after_settlement_and_a_deemed_acceptance_are_kept_as_columns(flow):
    f = in_review(flow("2025-08-20"), on="2025-08-25")
    f.do("withdraw", "2025-09-01", {"after_settlement": True}, reason="双方和解")
    assert (f.case["concluded_on"], f.case["outcome"], f.case["settled"]) == ("2025-09-01", "withdrawal", True)
    g = flow("2025-08-20")
    g.do("reject", "2025-08-22", reason="不属于受理范围")
    assert (g.case["concluded_on"], g.case["outcome"]) == ("2025-08-22", "not_accepted")
