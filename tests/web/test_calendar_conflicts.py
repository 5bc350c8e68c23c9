"""The calendar page for a notice that disagrees with days corrected by hand (issue 9): both values side by side,
a choice per day, nothing imported before every day is chosen."""
import html as htmllib
import re
from datetime import date

from caseflow.calendar.services import current_calendar
from caseflow.calendar.workdays import DayType
from tests.calendar.test_calendar_data import NOTICE_2027
from tests.calendar.test_notice_conflicts import _correct
from tests.web.conftest import csrf_from


def test_the_admin_sees_the_conflicts_and_chooses_on_a_page(browser, make, office_team, db):
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    _correct(db)
    b = browser(admin)
    page = b.submit("/admin/calendar", {"text": NOTICE_2027}, action="/admin/calendar/import")
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and "通知与手工更正不一致" in html
    assert "2027年2月15日" in html and "春节延长" in html and "市政府通知春节延长一天" in html
    assert 'name="choice-2027-02-15"' in html and 'name="choice-2027-02-14"' in html
    assert current_calendar().day(date(2027, 2, 5)).official is False  # nothing imported yet
    field = re.search(r'<input[^>]*name="notice_text"[^>]*>', html).group(0)
    notice_text = htmllib.unescape(re.search(r'value="([^"]*)"', field).group(1))
    token = csrf_from(html)
    none = b.client.post("/admin/calendar/import/resolve", data={"csrf_token": token, "notice_text": notice_text})
    assert none.status_code == 409 and "请为每一个日期作出选择" in none.get_data(as_text=True)
    partial = b.client.post("/admin/calendar/import/resolve", data={
        "csrf_token": token, "notice_text": notice_text, "choice-2027-02-15": "keep"})
    assert partial.status_code == 409 and "请为每一个日期作出选择" in partial.get_data(as_text=True)
    done = b.client.post("/admin/calendar/import/resolve", data={
        "csrf_token": token, "notice_text": notice_text, "choice-2027-02-15": "keep", "choice-2027-02-14": "notice"},
        follow_redirects=True)
    assert "已导入2027年" in done.get_data(as_text=True) and "保留更正1日" in done.get_data(as_text=True)
    cal = current_calendar()
    assert cal.day(date(2027, 2, 15)).day_type is DayType.HOLIDAY and cal.day(date(2027, 2, 5)).official
