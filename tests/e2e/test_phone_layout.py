"""Phone and tablet (issue 9), in a real browser at 390×844 and 768×1024: below 576 px the lists are cards and the
filters fold away, the case page stacks its sections, no heading or docket number wraps one character per line,
and the navigation marks the current page. SCREENSHOT_DIR=docs/screenshots keeps the pictures."""
import os
import re
import shutil
import tempfile
from datetime import timedelta

import pytest

from caseflow import create_app
from caseflow.clock import today_local
from caseflow.testing import CHROMIUM, LiveServer
from tests.conftest import valid_id

pytestmark = pytest.mark.browser
PASSWORD = "clerk-password-123"
PHONE, TABLET = {"width": 390, "height": 844}, {"width": 768, "height": 1024}


@pytest.fixture(scope="module")
def live():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs it (apt-get install chromium)")
    from flask_migrate import upgrade

    from caseflow.auth.services import create_user
    from caseflow.extensions import db
    from caseflow.organisations.services import create_agency, create_office

    folder = tempfile.mkdtemp(prefix="caseflow-phone-")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/phone.db",
                     ATTACHMENT_DIR=f"{folder}/files")
    with app.app_context():
        upgrade()
        office = create_office("东", "东城区人民政府行政复议办公室", "county")
        create_user("clerk", "张晓明", PASSWORD, office, ["clerk"])
        agency = create_agency("东城区市场监督管理局", "county", "market_regulation")
        db.session.commit()
        client = app.test_client()
        token = client.post("/api/v1/auth/token", json={"username": "clerk", "password": PASSWORD}).json["token"]
        for n, (name, days) in enumerate([("李秀英", 1), ("北京市东城区某某商贸有限责任公司", 3), ("王芳", 6)], start=1):
            received = today_local() - timedelta(days=days)
            body = {"received_on": received.isoformat(), "receipt_channel": "mail", "respondent_agency_id": agency.id,
                    "request": "请求撤销行政处罚决定", "facts_and_reasons": "事实不清",
                    "applicants": [{"kind": "natural_person", "name": name, "id_number": valid_id(n),
                                    "phone": "13800138000", "address": "北京市东城区某路1号"}],
                    "act": {"act_type": "penalty", "description": "罚款2000元", "document_number": f"京东市监罚〔2026〕{n}号",
                            "made_on": (received - timedelta(days=20)).isoformat(),
                            "known_on": (received - timedelta(days=15)).isoformat()}}
            created = client.post("/api/v1/cases", json=body, headers={"Authorization": f"Bearer {token}"})
            assert created.status_code == 201, created.json
    with LiveServer(app) as server:
        yield server
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


def _page(browser, live, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(live.url + "/login")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("h1:has-text('工作台')")
    return page


def _shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def _lines(locator) -> float:
    """How many lines an element's text takes (its height over its line height)."""
    return locator.evaluate("e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)")


def test_phone_work_page_list_and_case_page(browser, live):
    page = _page(browser, live, PHONE)
    rows = page.locator(".case-table tbody tr")
    assert rows.count() == 3 and page.locator(".case-table thead").is_hidden()
    card = rows.first.bounding_box()
    assert card["width"] > 300  # a card across the screen, not a squeezed table row
    text = rows.first.inner_text()
    assert "受理审查" in text and re.search(r"剩\d+个工作日|今日到期", text)  # which deadline, and how far
    for cell in page.locator(".case-table td.case-docket").all():
        assert _lines(cell) < 2.5  # the docket number on one line (or two), never a letter per line
    _shot(page, "16-phone-my-work.png")

    page.goto(live.url + "/cases")
    assert page.locator("details.filters").get_attribute("open") is None  # the filters are folded away
    assert page.get_by_label("文号、当事人或内容").is_hidden()
    page.locator("details.filters > summary").click()
    assert page.get_by_label("文号、当事人或内容").is_visible()
    page.locator("details.filters > summary").click()
    _shot(page, "17-phone-case-list.png")

    page.locator(".case-table td.case-docket a").first.click()
    page.wait_for_selector("#deadlines")
    deadlines = page.locator("#deadlines").locator("xpath=ancestor::section").bounding_box()
    parties = page.locator("#parties").locator("xpath=ancestor::section").bounding_box()
    assert abs(deadlines["x"] - parties["x"]) < 2 and deadlines["width"] > 330  # stacked, full width
    assert _lines(page.locator("h1")) < 2.5
    _shot(page, "18-phone-case-page.png")
    page.context.close()


def test_tablet_list_and_the_navigation_marks_the_current_page(browser, live):
    page = _page(browser, live, TABLET)
    page.goto(live.url + "/cases")
    assert page.locator(".case-table thead").is_visible()  # a table again at 768 px
    assert page.locator("details.filters").get_attribute("open") is not None
    page.locator(".navbar-toggler").click()
    current = page.locator(".navbar-nav .nav-link[aria-current='page']")
    assert current.count() == 1 and current.inner_text() == "案件查询"
    page.locator(".navbar-toggler").click()
    _shot(page, "19-tablet-case-list.png")
    page.context.close()
