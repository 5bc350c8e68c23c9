"""The mediator's pages: registering a request, my mediation cases, logging a session, recording an agreement
with terms (rows added and removed without losing text), performance; errors beside the fields, input kept."""
from datetime import timedelta

import pytest

from caseflow.cases.services import apply_transition, register_case
from caseflow.clock import today_local
from tests.cases.flow import approve_through
from tests.conftest import valid_id
from tests.web.test_accessibility import Controls


@pytest.fixture
def mediation(make, db, office_team):
    """A request accepted 15 days ago, with the team's mediator appointed."""
    today = today_local()
    case = register_case({
        "kind": "mediation", "received_on": today - timedelta(days=20), "source": "application",
        "dispute_category": "neighbourhood", "dispute_summary": "通道堆放杂物", "request": "清除杂物",
        "applicants": [{"kind": "natural_person", "name": "赵强", "id_number": valid_id(51)}],
        "respondents": [{"kind": "natural_person", "name": "钱明"}]}, office_team["mediator"])
    day = today - timedelta(days=15)
    apply_transition(case, "record_consent", actor=office_team["mediator"], on=day, data={"consents": [
        {"party_id": p.id, "consented": True, "method": "oral", "given_on": day.isoformat()} for p in case.parties]})
    approve_through(case, "accept", actor=office_team["mediator"], approvers=[office_team["head"]], on=day)
    apply_transition(case, "appoint_mediator", actor=office_team["head"], on=day,
                     data={"mediator_id": office_team["mediator"].id, "no_conflict": True})
    db.session.commit()
    return case


def page_text(response):
    return response.get_data(as_text=True)


def test_register_a_request_for_mediation(browser, office_team):
    b = browser(office_team["mediator"])
    form = {"received_on": today_local().isoformat(), "source": "application", "dispute_category": "consumer",
            "dispute_summary": "装修质量纠纷", "request": "返工", "applicant-kind": "natural_person",
            "applicant-name": "郑芳", "applicant-id_number": valid_id(52), "respondent-kind": "organisation",
            "respondent-name": "江州某装饰公司"}
    missing = b.submit("/cases/new/mediation", {**form, "applicant-id_number": ""})
    assert missing.status_code == 422
    html = page_text(missing)
    assert "自然人须填写公民身份号码" in html and 'value="郑芳"' in html and "装修质量纠纷" in html
    split = b.submit("/cases/new/mediation", {**form, "source": "split_from_case"})
    assert split.status_code == 422 and "分流案件须注明原案件案号" in page_text(split)
    saved = b.submit("/cases/new/mediation", form)
    assert saved.status_code == 302
    case_page = page_text(b.get(saved.headers["Location"]))
    assert "调〔" in case_page and "江州某装饰公司" in case_page and "消费纠纷" in case_page


def test_my_mediation_cases(browser, office_team, mediation, make, db):
    other = make.user("mediator", office=office_team["office"])
    db.session.commit()
    mine = page_text(browser(office_team["mediator"]).get("/"))
    assert "我的调解案件" in mine and mediation.docket_number in mine
    assert mediation.docket_number not in page_text(browser(other).get("/"))


def test_log_a_session_with_errors_beside_the_fields_and_rows_that_keep_their_text(browser, office_team,
                                                                                     mediation):
    b = browser(office_team["mediator"])
    url = f"/cases/{mediation.id}/transitions/record_session"
    blank = b.get(url)
    assert blank.status_code == 200 and 'value="赵强"' in page_text(blank)  # the parties are offered as attendees
    before = today_local() - timedelta(days=16)
    typed = {"version": str(mediation.version), "on": today_local().isoformat(), "held_on": before.isoformat(),
             "starts_at": "10:00", "duration_minutes": "45", "mode": "in_person", "place": "调解室",
             "attendees-0-name": "赵强", "attendees-0-capacity": "party", "issues": "杂物是否占用通道",
             "positions-0-side": "赵强", "positions-0-position": "要求清除"}
    more = b.submit(url, {**typed, "rows": "attendees:add"})
    assert more.status_code == 200 and page_text(more).count('name="attendees-1-name"') == 1
    assert "杂物是否占用通道" in page_text(more)
    refused = b.submit(url, typed)
    assert refused.status_code == 422
    html = page_text(refused)
    assert "调解不能早于受理日期" in html and "杂物是否占用通道" in html and "要求清除" in html
    saved = b.submit(url, {**typed, "held_on": (today_local() - timedelta(days=1)).isoformat()})
    assert saved.status_code == 302
    assert "杂物是否占用通道" in page_text(b.get(f"/cases/{mediation.id}"))


def test_record_an_agreement_adding_and_removing_terms(browser, office_team, mediation):
    b = browser(office_team["mediator"])
    url = f"/cases/{mediation.id}/transitions/reach_agreement"
    today = today_local()
    term = {"terms-0-obligor": "钱明", "terms-0-obligee": "赵强", "terms-0-content_type": "act",
            "terms-0-content": "清除通道杂物", "terms-0-due_on": (today + timedelta(days=5)).isoformat()}
    typed = {"version": str(mediation.version), "on": today.isoformat(), "form": "written", "summary": "双方和解",
             **term}
    added = b.submit(url, {**typed, "rows": "terms:add"})
    assert added.status_code == 200
    assert 'name="terms-1-content"' in page_text(added) and "清除通道杂物" in page_text(added)
    second = {"terms-1-obligor": "钱明", "terms-1-obligee": "赵强", "terms-1-content_type": "payment",
              "terms-1-content": "赔偿损失", "terms-1-amount": "500", "terms-1-due_on": ""}
    removed = b.submit(url, {**typed, **second, "rows": "terms:remove:0"})
    html = page_text(removed)
    assert "赔偿损失" in html and "清除通道杂物" not in html and 'name="terms-1-content"' not in html
    refused = b.submit(url, {**typed, **second})
    assert refused.status_code == 422
    assert 'id="f-terms-1-due_on-feedback"' in page_text(refused) and "赔偿损失" in page_text(refused)
    saved = b.submit(url, {**typed, **second, "terms-1-due_on": (today + timedelta(days=9)).isoformat()})
    assert saved.status_code == 302
    case_page = page_text(b.get(f"/cases/{mediation.id}"))
    assert case_page.count('class="term"') == 2 and "赔偿损失" in case_page
    performance = b.get(f"/cases/{mediation.id}/transitions/record_performance")
    assert page_text(performance).count('name="performances-') >= 2 * 3


def test_every_control_of_the_mediators_forms_has_a_label(browser, office_team, mediation):
    b = browser(office_team["mediator"])
    for name in ("record_session", "reach_agreement", "extend", "record_failure", "terminate"):
        page = b.get(f"/cases/{mediation.id}/transitions/{name}")
        assert page.status_code == 200, name
        parser = Controls()
        parser.feed(page_text(page))
        unlabelled = [n for cid, n, aria, wrapped in parser.controls
                      if not (aria or wrapped or (cid and cid in parser.labels_for))]
        assert unlabelled == [], name
