"""Deadlines that read at a glance (issue 9): which deadline is next and how far it is, on the work page and the
list; on the case page the running ones first, a paused one with days used and left, a restarted one saying why."""
import re
from datetime import date, timedelta

import pytest

from caseflow.calendar.services import current_calendar
from caseflow.clock import today_local
from caseflow.web.filters import due_phrase
from tests.cases.flow import Flow


@pytest.fixture
def flow(api, make, office_team):
    def start(received_on):
        body = make.application(office_team["agency"], received_on=date.fromisoformat(received_on))
        created = api(office_team["clerk"]).post("/api/v1/cases", json=body)
        assert created.status_code == 201, created.json
        return Flow(api, office_team, created.json)

    return start


def test_how_far_a_due_date_is_in_words(app):
    today, calendar = date(2025, 9, 15), current_calendar()  # a Monday
    with app.test_request_context():
        assert due_phrase(today, today=today, calendar=calendar)["text"] == "今日到期"
        assert due_phrase(today - timedelta(days=2), today=today, calendar=calendar)["text"] == "已逾期2日"
        assert due_phrase(today - timedelta(days=2), False, today=today, calendar=calendar)["text"] == "已届满"
        soon = due_phrase(date(2025, 9, 18), today=today, calendar=calendar)
        assert soon["text"] == "剩3个工作日" and soon["urgent"]
        assert not due_phrase(date(2025, 9, 26), today=today, calendar=calendar)["urgent"]


def test_work_page_and_list_name_the_next_deadline_and_how_far(browser, office_team, fresh_case):
    b = browser(office_team["clerk"])
    due = date.fromisoformat(next(d["due_on"] for d in fresh_case["deadlines"]
                                  if d["rule_id"] == "reconsideration.acceptance_review"))
    day = f"{due.month}月{due.day}日" if due.year == today_local().year else f"{due.year}年{due.month}月{due.day}日"
    for url in ("/", "/cases"):
        page = b.get(url).get_data(as_text=True)
        row = page[page.index(fresh_case["docket_number"]):]
        row = row[:row.index("</tr>")]
        assert "受理审查" in row and day in row
        assert re.search(r"今日到期|剩\d+个工作日|已逾期\d+日", row)


def _row(page, docket):
    row = page[page.index(docket):]
    return row[:row.index("</tr>")]


def test_the_provisional_mark_sits_on_the_date(browser, office_team, fresh_case, db):
    """暂定 marks the date that is provisional, not the case: another open deadline's provisional date does not
    mark the next one's."""
    import sqlalchemy as sa

    from caseflow.deadlines.models import Deadline

    rows = db.session.scalars(sa.select(Deadline).where(Deadline.case_id == fresh_case["id"])
                              .order_by(Deadline.id)).all()
    nearest = min((d for d in rows if d.status == "running"), key=lambda d: (d.due_on, d.id))
    for d in rows:
        d.provisional = d.id != nearest.id
    db.session.commit()
    b = browser(office_team["clerk"])
    assert "暂定" not in _row(b.get("/cases").get_data(as_text=True), fresh_case["docket_number"])
    nearest.provisional = True
    db.session.commit()
    row = _row(b.get("/cases").get_data(as_text=True), fresh_case["docket_number"])
    assert re.search(r'class="next-due-date[^"]*">[^<]+<span class="badge badge-provisional[^>]*>暂定</span></span>', row)


def test_case_page_running_first_with_days_left_and_no_version(browser, office_team, fresh_case):
    page = browser(office_team["clerk"]).get(f"/cases/{fresh_case['id']}").get_data(as_text=True)
    section = page[page.index('id="deadlines"'):page.index("</table>", page.index('id="deadlines"'))]
    assert "计算中" not in section and re.search(r"进行中 <span[^>]*>(今日到期|剩\d+个工作日)", section)
    assert "版本" not in page.split("<main")[1].split("</h1>")[1].split("</p>")[0]


def test_a_paused_deadline_shows_days_used_and_left(browser, flow, office_team):
    f = flow("2025-02-28")
    f.do("accept", "2025-03-03", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-03-04")
    f.do("suspend", "2025-03-20", {"ground": "8"})
    page = browser(office_team["clerk"]).get(f"/cases/{f.case['id']}").get_data(as_text=True)
    used, left = map(int, re.search(r"已用(\d+)日，尚余(\d+)日", page).groups())
    assert (used, left) == (17, 43)  # 60 days (Art. 62) from 03-03: 03-04..03-20 ran


def test_a_restarted_deadline_says_why_and_the_first_is_not_met(browser, flow, office_team):
    f = flow("2025-09-12")
    f.do("request_supplement", "2025-09-15", {"items": "补充证据"})
    f.do("receive_supplement", "2025-09-26")
    page = browser(office_team["clerk"]).get(f"/cases/{f.case['id']}").get_data(as_text=True)
    section = page[page.index('id="deadlines"'):page.index("</table>", page.index('id="deadlines"'))]
    assert "因“收到补正材料”起算" in section or "因“" in section
    assert "已由2025年9月26日重新起算的同一期限取代" in section


def test_the_calculator_groups_its_rules_and_explains_its_fields(browser, office_team):
    page = browser(office_team["clerk"]).get("/deadlines/calculator").get_data(as_text=True)
    groups = re.findall(r'<optgroup label="([^"]+)">', page)
    assert groups[:3] == ["行政复议", "行政调解", "行政裁决"] and len(groups) == len(set(groups))
    assert "暂停开始那天仍计入期限" in page and "（含当天）都不计入" in page
    done = browser(office_team["clerk"]).get("/deadlines/calculator?rule=reconsideration.decision&start=2025-03-03"
                                             "&pause_from=2025-03-20&pause_to=2025-04-10")
    assert done.status_code == 200 and "2025年5月23日" in done.get_data(as_text=True)  # legal-reference §7 ex. 12
