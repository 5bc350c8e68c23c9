"""The approval pages: the clerk proposes on the action's own form (with an opinion), the approver finds it in the
queue (on the work page too), returns it (opinion required, kept on error) or approves it; the case page shows
the requests and, in its history, who proposed and who approved with their opinions."""
import re

import pytest
import sqlalchemy as sa

from caseflow.approvals.models import ApprovalRequest
from caseflow.clock import today_local
from tests.web.conftest import Browser, csrf_from


@pytest.fixture
def browser(app):
    """Each person in a browser of their own (the clerk and the office head are signed in at once)."""
    return lambda user: Browser(app.test_client(), user)


def text(response):
    return response.get_data(as_text=True)


def propose_refusal(b, case_id):
    return b.submit(f"/cases/{case_id}/proposals/reject", {
        "version": "1", "on": today_local().isoformat(), "competent_organ": "江州市人民政府",
        "reason": "不属于本机关管辖", "opinion": "拟不予受理，告知向江州市人民政府申请"})


def test_propose_then_return_then_propose_again_then_approve(browser, office_team, fresh_case, db):
    clerk, head = browser(office_team["clerk"]), browser(office_team["head"])
    cid = fresh_case["id"]
    case_page = text(clerk.get(f"/cases/{cid}"))
    assert f"/cases/{cid}/proposals/reject" in case_page and "（呈批）" in case_page
    proposed = propose_refusal(clerk, cid)
    assert proposed.status_code == 302
    request_url = proposed.location
    page = text(clerk.get(request_url))
    assert "待审批" in page and "拟不予受理" in page and "江州市人民政府" in page and "自批准之日起生效" in page
    assert "受理审查中" in text(clerk.get(f"/cases/{cid}"))  # nothing changed on the case

    # The office head: a count on the work page and in the menu, the request in the queue.
    work = text(head.get("/"))
    assert re.search(r'id="approval-queue"[^>]*>待审批 <span class="badge[^"]*">1</span>', work)
    assert request_url in work
    queue = text(head.get("/approvals"))
    assert "不予受理" in queue and office_team["clerk"].display_name in queue
    detail = head.get(request_url)
    request_id = int(request_url.rsplit("/", 1)[1])
    html = text(detail)
    assert "批准" in html and "退回承办人" in html
    empty = head.client.post(f"/approvals/{request_id}/return", data={"csrf_token": csrf_from(html),
                                                                      "back-opinion": "  "})
    assert empty.status_code == 422 and "退回或不予批准须写明审批意见" in text(empty)
    returned = head.client.post(f"/approvals/{request_id}/return", data={
        "csrf_token": csrf_from(html), "back-opinion": "请补充管辖依据"})
    assert returned.status_code == 302
    assert db.session.get(ApprovalRequest, request_id).status == "returned"

    # The clerk sees it returned, with the opinion, and proposes it again from the same content.
    page = text(clerk.get(request_url))
    assert "已退回" in page and "请补充管辖依据" in page and "修改后重新提交" in page
    form = clerk.get(f"/cases/{cid}/proposals/reject?previous={request_id}")
    assert "江州市人民政府" in text(form) and f'value="{request_id}"' in text(form)
    again = clerk.submit(f"/cases/{cid}/proposals/reject?previous={request_id}", {
        "version": "1", "on": today_local().isoformat(), "competent_organ": "江州市人民政府",
        "reason": "不属于本机关管辖（依据已补充）", "opinion": "已补充", "previous_id": str(request_id)})
    assert again.status_code == 302
    second = db.session.scalar(sa.select(ApprovalRequest).where(ApprovalRequest.previous_id == request_id))
    page = text(head.get(f"/approvals/{second.id}"))
    approved = head.client.post(f"/approvals/{second.id}/approve", data={
        "csrf_token": csrf_from(page), "approve-opinion": "同意", "approve-on": today_local().isoformat()})
    assert approved.status_code == 302 and approved.location.endswith(f"/cases/{cid}")
    case_page = text(clerk.get(f"/cases/{cid}"))
    assert "不予受理" in case_page and "已批准" in case_page
    history = case_page[case_page.index('id="history"'):]
    assert f"呈批：{office_team['clerk'].display_name} 拟办" in history and "已补充" in history
    assert f"{office_team['head'].display_name} 批准" in history and "同意" in history


def test_the_approver_sees_the_date_rule_and_a_wrong_date_next_to_its_field(browser, office_team, fresh_case):
    clerk, head = browser(office_team["clerk"]), browser(office_team["head"])
    request_url = propose_refusal(clerk, fresh_case["id"]).location
    html = text(head.get(request_url))
    refused = head.client.post(request_url + "/approve", data={
        "csrf_token": csrf_from(html), "approve-opinion": "同意", "approve-on": "2099-01-01"})
    assert refused.status_code == 422
    page = text(refused)
    assert "日期不能晚于今天" in page and "同意" in page  # the opinion typed is kept


def test_a_proposer_cannot_decide_and_an_office_head_sees_the_offices_deadlines(browser, api, make, office_team,
                                                                                fresh_case, team_case):
    from caseflow.calendar.services import current_calendar

    clerk = browser(office_team["clerk"])
    request_url = propose_refusal(clerk, fresh_case["id"]).location
    page = text(clerk.get(request_url))
    assert "退回承办人" not in page and "撤回呈批" in page  # no decision buttons for the proposer
    # A case received three working days ago: its 5-WD review ends within the next three working days.
    received = current_calendar().nth_working_day_before(today_local(), 3)
    assert api(office_team["clerk"]).post("/api/v1/cases", json=make.application(
        office_team["agency"], received_on=received)).status_code == 201
    work = text(browser(office_team["head"]).get("/"))
    # team_case (received 2025-09-12) is overdue; fresh_case's review ends later than three working days ahead.
    assert 'id="office-overdue">1<' in work and 'id="office-due-soon">1<' in work
    assert "office-overdue" not in text(clerk.get("/"))  # a clerk sees their own cases, not the office's
