"""Documents and publication in a real browser: the clerk previews the decision (the GB/T 9704 template), issues
it, reviews the redaction (original beside redacted), rules on each candidate name and submits; the office head
approves; anyone reads the redacted decision on the public portal, without the applicant's name or ID number.

Screenshots go to a temporary folder; with SAVE_SCREENSHOTS=1 they replace docs/screenshots/23-25.
"""
import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import demo_server

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def live():
    with demo_server("caseflow-e2e-docs-") as server:
        yield server


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


def _shot(page, name, tmp_path):
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("SAVE_SCREENSHOTS"):
        shutil.copy(path, DOCS / name)


def _sign_in(browser, live, username):
    from caseflow.demo import DEMO_PASSWORD

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(live.url + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("text=工作台")
    return page


def test_preview_issue_review_approve_and_read_it_on_the_portal(live, browser, tmp_path):
    clerk = _sign_in(browser, live, "clerk")
    clerk.goto(live.url + "/cases/12")  # the demo's decision in effect
    assert "东政复〔2026〕12号" in clerk.inner_text("h1")
    clerk.get_by_role("link", name="文书", exact=True).click()
    clerk.locator('a[href$="/documents/decision/preview"]').click()
    clerk.wait_for_selector("article.gbt")
    assert "东政复决字〔2026〕12号" in clerk.content() and "本机关决定" in clerk.content()
    _shot(clerk, "23-document-preview.png", tmp_path)
    clerk.go_back()
    clerk.locator('form[action$="/documents/decision/issue"]').get_by_role("button", name="制发").click()
    clerk.wait_for_selector(".alert-success")
    assert "SHA-256" in clerk.content()

    clerk.get_by_role("link", name="东政复〔2026〕12号").click()
    clerk.get_by_role("link", name="网上公开").click()
    clerk.wait_for_selector("#redacted")
    assert "郑浩" in clerk.inner_text("#original") and "郑浩" not in clerk.inner_text("#redacted")
    assert "郑某" in clerk.inner_text("#redacted")
    _shot(clerk, "24-publication-review.png", tmp_path)
    while clerk.get_by_role("button", name="隐去", exact=True).count():  # every candidate name, one by one
        with clerk.expect_navigation():
            clerk.get_by_role("button", name="隐去", exact=True).first.click()
    with clerk.expect_navigation():
        clerk.get_by_role("button", name="脱敏审查完毕，提交审批").click()
    assert "已提交审批" in clerk.inner_text(".alert-success"), clerk.inner_text("main")
    review_url = clerk.url

    head = _sign_in(browser, live, "head")
    head.goto(review_url)
    head.get_by_role("button", name="批准公开").click()
    head.wait_for_selector(".alert-success")
    assert head.inner_text("#publication-status") == "已公开"

    public = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()  # a phone
    public.goto(live.url + "/public/decisions")
    public.get_by_role("link", name="江州市东城区公安分局行政复议决定书").first.click()
    text = public.inner_text("main")
    assert "郑某" in text and "郑浩" not in text and "110101199212128080" not in text
    assert "东政复决字〔2026〕12号" in text
    _shot(public, "25-public-decision.png", tmp_path)
