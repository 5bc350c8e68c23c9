"""Service of documents (送达): clocks the law counts from a receipt wait for it, run provisionally from the
sending date meanwhile, and are recomputed when the 送达回证 is recorded."""
import pytest

from tests.cases.test_legal_defects import flow  # noqa: F401  (the fixture)


def accepted(f):
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    return f


def test_the_reply_runs_from_the_respondents_receipt_once_it_is_recorded(flow):  # noqa: F811
    f = accepted(flow())
    f.do("forward_copy", "2025-09-17", {"service": {"method": "mail", "evidence": "EMS9001"}})
    reply = f.deadlines("reconsideration.reply")[0]
    # Mailed Wed 09-17, presumed received 3 days later (Sat 09-20), so 10 WD run to Fri 10-10: awaiting receipt
    assert reply["awaiting_receipt"] is True and reply["provisional"] is True and reply["start_on"] == "2025-09-20"
    assert any("待送达回证" in line for line in reply["explanation"])
    # Art. 70's "no reply" cannot rest on a presumed receipt, even after the presumed period ran out.
    early = f.do("record_no_reply", "2025-10-20", expect=409)
    assert "送达回证" in early["errors"]["json"]["on"][0]
    service = next(s for s in f.case["services"] if s["document"] == "application_copy")
    assert service["awaiting"] is True and service["addressee"] == f.case["respondent"]
    done = f.receipt(service["id"], "2025-09-26", "回执20250926")
    reply = f.deadlines("reconsideration.reply")[0]
    assert reply["awaiting_receipt"] is False and reply["start_on"] == "2025-09-26"
    assert reply["due_on"] == "2025-10-16"  # legal-reference §7 example 8
    assert done["event"]["name"] == "record_receipt" and done["event"]["effective_on"] == "2025-09-26"
    assert done["event"]["payload"]["moved"] == [{"rule_id": "reconsideration.reply", "from": "2025-10-10",
                                                  "to": "2025-10-16"}]
    assert f.do("record_no_reply", "2025-10-16", expect=409)["error"] == "precondition_failed"
    assert f.do("record_no_reply", "2025-10-17")["case"]["no_reply"] is True


def test_a_receipt_is_recorded_once_not_before_sending_and_not_in_the_future(flow):  # noqa: F811
    f = accepted(flow())
    f.do("forward_copy", "2025-09-17", {"service": {"method": "mail"}})
    service_id = f.case["services"][0]["id"]
    assert "received_on" in f.receipt(service_id, "2025-09-16", expect=422)["errors"]["json"]
    assert "received_on" in f.receipt(service_id, "2999-01-01", expect=422)["errors"]["json"]
    f.receipt(service_id, "2025-09-19")
    again = f.receipt(service_id, "2025-09-20", expect=409)
    assert "received_on" in again["errors"]["json"]


def test_a_public_notice_is_served_after_thirty_days_by_law(flow):  # noqa: F811
    f = accepted(flow())
    f.do("forward_copy", "2025-09-17", {"service": {"method": "public_notice"}})
    record = f.case["services"][0]
    assert record["received_on"] == "2025-10-17" and record["awaiting"] is False  # CPL Art. 95
    assert f.deadlines("reconsideration.reply")[0]["start_on"] == "2025-10-17"


def test_the_supplement_period_runs_from_the_applicants_receipt(flow):  # noqa: F811
    f = flow()
    f.do("request_supplement", "2025-09-15", {"items": "补充身份证明", "service": {"method": "mail"}})
    assert f.deadlines("reconsideration.supplement")[0]["awaiting_receipt"] is True
    f.receipt(f.case["services"][0]["id"], "2025-09-16")
    # 10 WD from Tue 09-16 across National Day 2025 (make-up Sun 09-28 counts)
    assert f.due("reconsideration.supplement") == "2025-09-29"


@pytest.mark.parametrize("data, field", [({}, "service"), ({"service": {"method": "pigeon"}}, "service"),
                                         ({"service": {"method": "mail", "received_on": "2025-09-10"}}, "service"),
                                         ({"services": [{"addressee": "某人", "method": "mail"}]}, "services")])
def test_bad_service_is_refused_naming_the_field_and_nothing_changes(flow, data, field):  # noqa: F811
    f = accepted(flow())
    before = f.case["version"]
    refused = f.clerk.transition(f.id, "forward_copy", on="2025-09-17", data=data)
    assert refused.status_code == 422 and field in refused.json["errors"]["json"]["data"]
    assert f.clerk.get(f"/api/v1/cases/{f.id}").json["version"] == before


def test_a_step_that_serves_nothing_refuses_service_data(flow):  # noqa: F811
    f = flow()
    wrong = f.clerk.transition(f.id, "accept", on="2025-09-16",
                               data={"procedure": "ordinary", "service": {"method": "mail"}})
    assert wrong.status_code == 422 and "service" in wrong.json["errors"]["json"]["data"]
