"""A bureau leader in a real browser: the statistics dashboard over the demo data, its charts drawn from the app's
own ECharts; the period changed, a filter set, a figure clicked through to the cases it counts.

Screenshots go to $CASEFLOW_SCREENSHOTS (docs/screenshots when regenerating the README's pictures), else a
temporary folder.
"""
import os
import re
import tempfile
from pathlib import Path

import pytest

from caseflow.clock import today_local
from tests.e2e.conftest import demo_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live():
    with demo_server("caseflow-e2e-stats-") as server:
        yield server


@pytest.fixture(scope="module")
def page(live, chromium):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_a_leader_reads_the_figures_changes_the_period_and_a_filter_and_checks_a_number(live, page):
    from caseflow.demo import DEMO_PASSWORD

    shots = Path(os.environ.get("CASEFLOW_SCREENSHOTS") or tempfile.mkdtemp(prefix="caseflow-stats-shots-"))
    shots.mkdir(parents=True, exist_ok=True)
    page.goto(live.url + "/login")
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("text=工作台")
    page.get_by_role("link", name="统计", exact=True).click()
    page.wait_for_selector("#rc-sets")
    year = str(today_local().year)
    assert page.get_by_label("统计期间").input_value() == year
    # The charts are drawn (a canvas in each), from /static, beside their tables.
    page.wait_for_selector('[data-chart="rc-sets"] canvas')
    assert page.locator('[data-chart="outcomes"] canvas').count() == 1
    received = int(page.locator('#rc-sets tr[data-stat="received"] td').first.inner_text())
    assert received > 0
    page.screenshot(path=str(shots / "20-statistics.png"), full_page=False)
    page.locator("section[aria-labelledby='rc-h']").screenshot(path=str(shots / "21-statistics-charts.png"))

    # The same period last year: the comparison column becomes the year before.
    page.get_by_label("统计期间").select_option(str(int(year) - 1))
    page.get_by_role("button", name="统计", exact=True).click()
    page.wait_for_selector("#rc-sets")
    assert f"{int(year) - 1}" in page.locator("h1").inner_text()
    # Back to this year, reconsideration only, ordinary procedure.
    page.get_by_label("统计期间").select_option(year)
    page.get_by_label("案件类型").select_option("reconsideration")
    page.get_by_label("程序").select_option("ordinary")
    page.get_by_role("button", name="统计", exact=True).click()
    page.wait_for_selector("#rc-sets")
    assert page.locator("#mediation").count() == 0  # the other kinds are filtered out
    cell = page.locator('#rc-sets tr[data-stat="received"] td a').first
    ordinary = int(cell.inner_text())
    assert 0 < ordinary <= received
    # Click the figure: the list of exactly those cases, with the same filters.
    cell.click()
    page.wait_for_selector("#drill-count")
    assert page.locator("#drill-count").get_attribute("data-count") == str(ordinary)
    assert page.locator("#drill-cases tbody tr").count() == ordinary
    assert re.search(r"procedure=ordinary", page.url) and "stat=received" in page.url
    page.screenshot(path=str(shots / "22-statistics-drill-down.png"), full_page=False)
    assert (shots / "20-statistics.png").stat().st_size > 10_000
