"""A mediator in a real browser: my mediation cases, open a case, log two sessions, record an agreement with two
terms, mark one performed; the other, past its date, shows as breached."""
import os
import shutil
import tempfile
from datetime import timedelta

import pytest

from caseflow import create_app
from caseflow.clock import today_local
from caseflow.testing import CHROMIUM, CHROMIUM_ARGS, LiveServer
from tests.cases.flow import approve_through
from tests.conftest import valid_id

pytestmark = pytest.mark.browser
PASSWORD = "mediator-password-1"


@pytest.fixture(scope="module")
def live():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs it (apt-get install chromium)")
    from flask_migrate import upgrade

    from caseflow.auth.services import create_user
    from caseflow.cases.services import apply_transition, register_case
    from caseflow.extensions import db
    from caseflow.organisations.services import create_office

    folder = tempfile.mkdtemp(prefix="caseflow-e2e-")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/e2e.db")
    with app.app_context():
        upgrade()
        office = create_office("东", "江州市东城区司法局", "county")
        mediator = create_user("chen", "陈慧", PASSWORD, office, ["mediator"])
        head = create_user("wang", "王建国", PASSWORD, office, ["office_head"])
        accepted = today_local() - timedelta(days=30)
        case = register_case({
            "kind": "mediation", "received_on": accepted - timedelta(days=3), "source": "application",
            "dispute_category": "labour", "dispute_summary": "拖欠劳务报酬", "request": "请求支付报酬",
            "applicants": [{"kind": "natural_person", "name": "冯军", "id_number": valid_id(61)}],
            "respondents": [{"kind": "natural_person", "name": "陈静"}]}, mediator)
        apply_transition(case, "record_consent", actor=mediator, on=accepted, data={"consents": [
            {"party_id": p.id, "consented": True, "method": "written", "given_on": accepted.isoformat()}
            for p in case.parties]})
        approve_through(case, "accept", actor=mediator, approvers=[head], on=accepted)
        apply_transition(case, "appoint_mediator", actor=head, on=accepted,
                         data={"mediator_id": mediator.id, "no_conflict": True})
        db.session.commit()
        docket = case.docket_number
    with LiveServer(app) as server:
        server.docket = docket
        yield server
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def page(live):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()


def submit(page):
    """Confirm the action; it is done when the case page says so (else the form shows what is wrong)."""
    page.get_by_role("button", name="确认办理").click()
    if page.locator(".alert-success").count() == 0:
        problems = page.locator(".invalid-feedback, .alert-warning, .alert-danger").all_inner_texts()
        raise AssertionError(f"the action was refused: {problems}")


def log_session(page, day, issues, proposal):
    page.get_by_role("link", name="记录调解", exact=True).click()
    page.get_by_label("办理日期（生效日期）").fill(day.isoformat())
    page.get_by_label("调解日期").fill(day.isoformat())
    page.get_by_label("开始时间").fill("09:30")
    page.get_by_label("地点（现场调解必填）").fill("区司法局调解室")
    page.get_by_label("争议焦点").fill(issues)
    page.locator("#f-positions-0-position").fill("要求全额支付")
    page.locator("#f-positions-1-position").fill("只认可部分金额")
    page.get_by_label("调解员的调解意见").fill(proposal)
    submit(page)


def test_the_mediators_path(live, page):
    today = today_local()
    page.goto(live.url + "/login")
    page.get_by_label("用户名").fill("chen")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("text=我的调解案件")

    page.get_by_role("link", name=live.docket).click()
    assert "调解中" in page.locator("h1 + p").inner_text()
    log_session(page, today - timedelta(days=25), "报酬数额", "建议分两期支付")
    log_session(page, today - timedelta(days=22), "支付期限", "建议月底前付清")
    sessions = page.locator("article.session")
    assert sessions.count() == 2 and "第2次调解" in sessions.nth(1).inner_text()

    page.get_by_role("link", name="达成调解协议", exact=True).click()
    page.get_by_label("办理日期（生效日期）").fill((today - timedelta(days=20)).isoformat())
    page.get_by_label("协议内容摘要（纠纷事实、责任）").fill("双方同意分两期支付")
    page.get_by_role("button", name="添加一项条款").click()  # the typed summary survives the added row
    assert page.get_by_label("协议内容摘要（纠纷事实、责任）").input_value() == "双方同意分两期支付"
    for n, (content, due) in enumerate([("支付第一期4000元", today + timedelta(days=10)),
                                        ("支付第二期3500元", today - timedelta(days=5))]):
        page.locator(f"#f-terms-{n}-obligor").select_option(label="陈静")
        page.locator(f"#f-terms-{n}-obligee").select_option(label="冯军")
        page.locator(f"#f-terms-{n}-content_type").select_option(label="给付金钱")
        page.locator(f"#f-terms-{n}-amount").fill("4000" if n == 0 else "3500")
        page.locator(f"#f-terms-{n}-due_on").fill(due.isoformat())
        page.locator(f"#f-terms-{n}-content").fill(content)
    submit(page)
    assert "协议履行中" in page.locator("h1 + p").inner_text()

    page.get_by_role("link", name="记录履行情况", exact=True).click()
    page.locator("#f-performances-0-status").select_option(label="已履行")
    submit(page)
    terms = page.locator("tr.term")
    assert terms.count() == 2
    assert "已履行" in terms.nth(0).inner_text() and terms.nth(0).get_attribute("data-status") == "performed"
    assert "逾期未履行" in terms.nth(1).inner_text() and terms.nth(1).get_attribute("data-status") == "breached"
    # The breached term's deadline is overdue on the case page and in the mediator's work list.
    assert "已逾期" in page.locator("#deadlines").locator("xpath=..").inner_text()
    page.goto(live.url + "/")
    assert "已逾期" in page.locator("table").inner_text()
