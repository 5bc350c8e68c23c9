"""A clerk in a real browser: sign in, register, 补正, accept, forward (mailed; the 送达回证 recorded later), reply;
an extension proposed, approved by the office head from the queue, and the new due date explained with the
approver's name; the decision drafted, reviewed by the office head, approved by the organ leader.

Runs headless Debian Chromium through Playwright (scripts/test installs it).
"""
import os
import re
import shutil
import tempfile
from datetime import timedelta

import pytest

from caseflow import create_app
from caseflow.clock import today_local
from caseflow.testing import CHROMIUM, CHROMIUM_ARGS, LiveServer
from tests.conftest import valid_id

pytestmark = pytest.mark.browser
PASSWORD = "clerk-password-123"


@pytest.fixture(scope="module")
def live():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs it (apt-get install chromium)")
    from flask_migrate import upgrade

    from caseflow.auth.services import create_user
    from caseflow.extensions import db
    from caseflow.organisations.services import create_agency, create_office

    folder = tempfile.mkdtemp(prefix="caseflow-e2e-")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/e2e.db",
                     ATTACHMENT_DIR=f"{folder}/files")
    with app.app_context():
        upgrade()
        office = create_office("东", "东城区人民政府行政复议办公室", "county")
        create_user("clerk", "张晓明", PASSWORD, office, ["clerk"])
        create_user("head", "王建国", PASSWORD, office, ["office_head"])
        create_user("organ", "赵海峰", PASSWORD, office, ["organ_leader"])
        create_agency("东城区市场监督管理局", "county", "market_regulation")
        db.session.commit()
    with LiveServer(app) as server:
        yield server
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def page(live):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()


def act(page, button, fields=None, selects=None, submit="确认办理"):
    page.get_by_role("link", name=re.compile(f"^{button}( （呈批）)?$")).click()  # an approvable step says so
    for label, value in (fields or {}).items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in (selects or {}).items():
        page.get_by_label(label).select_option(label=value)
    page.get_by_role("button", name=submit).click()
    page.wait_for_selector(".alert-success")


def sign_in(page, live, username):
    page.context.clear_cookies()
    page.goto(live.url + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("text=工作台")


def deadlines_text(page):
    return page.locator("#deadlines").locator("xpath=..").inner_text()


def approve_from_the_queue(page, live, username, title, opinion):
    """Sign in as an approver, open the request from the 审批 queue, approve it with an opinion."""
    sign_in(page, live, username)
    assert page.locator("#approval-queue").inner_text().endswith("1")  # the work page counts it
    page.get_by_role("navigation").get_by_role("link", name=re.compile("^审批")).click()
    page.get_by_role("link", name=title).click()
    page.get_by_label("审批意见").first.fill(opinion)
    page.get_by_role("button", name="批准", exact=True).click()
    page.wait_for_selector(".alert-success")


def test_clerk_registers_and_decides_a_case(live, page):
    today = today_local()
    sign_in(page, live, "clerk")
    page.get_by_role("link", name="登记申请").click()
    page.get_by_role("link", name="行政复议").click()  # the kinds this clerk registers
    page.get_by_label("申请人姓名或名称").fill("刘伟")
    page.get_by_label("公民身份号码", exact=True).fill(valid_id(42))
    page.get_by_label("联系电话", exact=True).fill("13800138000")
    page.get_by_label("收到申请日期").fill(today.isoformat())
    page.get_by_label("申请方式").select_option(label="邮寄")
    page.get_by_label("被申请人", exact=True).select_option(label="东城区市场监督管理局")
    page.get_by_label("行政行为类别").select_option(label="行政处罚")
    page.get_by_label("被申请的行政行为").fill("罚款2000元的行政处罚决定")
    page.get_by_label("行政行为作出日期").fill((today - timedelta(days=12)).isoformat())
    page.get_by_label("申请人知道该行为的日期").fill((today - timedelta(days=10)).isoformat())
    page.get_by_label("行政复议请求").fill("请求撤销罚款决定")
    page.get_by_role("button", name="审查申请期限").click()
    page.wait_for_selector("text=在申请期限内")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_selector(".alert-success")
    assert re.search(r"东政复〔\d{4}〕1号", page.locator("h1").inner_text())
    case_url = page.url
    assert "受理审查" in deadlines_text(page) and "补正通知" in deadlines_text(page)

    act(page, "通知补正", {"需要补正的事项（一次性告知）": "补充身份证复印件", "收到日期": today.isoformat()},
        {"送达方式": "直接送达"})
    assert "待补正" in page.locator("h1 + p").inner_text()
    assert "申请人补正" in deadlines_text(page)

    act(page, "收到补正材料")
    act(page, "受理", selects={"适用程序": "普通程序"})
    assert "作出行政复议决定（普通程序）" in deadlines_text(page) and "发送申请书副本（普通程序）" in deadlines_text(page)

    # Mailed: until the 送达回证 is back, the reply period is provisional and marked as awaiting it.
    act(page, "发送申请书副本", {"回证号或邮件号": "EMS 1180 2736 455"}, {"送达方式": "邮寄送达"})
    assert "被申请人书面答复（普通程序）" in deadlines_text(page) and "待回证" in deadlines_text(page)
    page.get_by_label("收到日期").fill(today.isoformat())
    page.get_by_role("button", name="记录收到").click()
    page.wait_for_selector(".alert-success")
    assert "待回证" not in deadlines_text(page)
    act(page, "收到答复")
    assert "审理中" in page.locator("h1 + p").inner_text()
    before = page.locator("#deadlines").locator("xpath=..").locator("tr", has_text="作出行政复议决定").first.inner_text()

    # 呈批: the extension is proposed; nothing changes on the case until the office head approves it.
    act(page, "延长审理期限", {"延长天数（最多30日）": "30", "理由": "案情复杂，需调取证据", "拟办意见": "拟延长30日"},
        submit="提交审批")
    assert "待审批" in page.locator("#request-status").inner_text()
    page.goto(case_url)
    assert page.locator("#deadlines").locator("xpath=..").locator("tr", has_text="作出行政复议决定").first.inner_text() \
        == before

    approve_from_the_queue(page, live, "head", "延长审理期限", "同意延长")
    sign_in(page, live, "clerk")
    page.goto(case_url)
    row = page.locator("#deadlines").locator("xpath=..").locator("tr", has_text="作出行政复议决定").first
    assert row.inner_text() != before
    page.eval_on_selector_all("#deadlines ~ table details", "all => all.forEach(d => d.open = true)")
    explanation = page.locator("#deadlines").locator("xpath=..").inner_text()
    assert "延长30日，经王建国" in explanation and "批准" in explanation
    history = page.locator("#history").locator("xpath=..").inner_text()
    assert "呈批：张晓明 拟办" in history and "王建国 批准" in history and "同意延长" in history

    # Art. 49: no decision in the ordinary procedure before the parties are heard.
    assert page.get_by_role("link", name=re.compile("^作出行政复议决定")).count() == 0
    act(page, "听取当事人意见", {"听取意见的当事人": "刘伟", "意见记录（或未能听取的经过）": "申请人坚持撤销罚款"},
        {"听取方式": "电话听取"})
    # R25: drafted by the clerk, reviewed by the office head, approved by the organ leader (Art. 61).
    act(page, "作出行政复议决定", {"理由": "认定事实清楚，适用依据正确"}, {"决定类型": "维持"}, submit="提交审批")
    approve_from_the_queue(page, live, "head", "作出行政复议决定", "拟同意")
    approve_from_the_queue(page, live, "organ", "作出行政复议决定", "同意")
    sign_in(page, live, "clerk")
    page.goto(case_url)
    assert "已作出决定" in page.locator("h1 + p").inner_text()
    history = page.locator("#history").locator("xpath=..").inner_text()
    for title in ("登记立案", "通知补正", "收到补正材料", "受理", "发送申请书副本", "记录送达回证", "收到答复",
                  "延长审理期限", "听取当事人意见", "作出行政复议决定"):
        assert title in history
    assert "批准人 赵海峰" in history

    page.get_by_text("为什么是这一天？").first.click()
    assert "届满日" in page.locator("ol.explanation").first.inner_text()
