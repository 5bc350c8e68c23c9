"""The seeded calendar against the packages and the notices; imports and corrections recompute deadlines."""
from datetime import date, timedelta

import holidays
import pytest
import sqlalchemy as sa

from caseflow.calendar.models import CalendarDay
from caseflow.calendar.notice import NoticeError, parse_notice
from caseflow.calendar.services import correct_day, current_calendar, import_notice, year_status
from caseflow.calendar.workdays import DayType
from caseflow.cases.models import CaseEvent
from caseflow.cli import caseflow_cli
from caseflow.deadlines.models import Deadline

NOTICE_2027 = """
year: 2027
notice: 国办发明电〔2026〕99号（测试）
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 春节, from: 2027-02-05, to: 2027-02-13}
  - {name: 清明节, from: 2027-04-03, to: 2027-04-05}
  - {name: 劳动节, from: 2027-05-01, to: 2027-05-05}
  - {name: 端午节, from: 2027-06-09, to: 2027-06-09}
  - {name: 中秋节, from: 2027-09-15, to: 2027-09-15}
  - {name: 国庆节, from: 2027-10-01, to: 2027-10-07}
makeup_workdays:
  - {date: 2027-02-14, name: 春节}
  - {date: 2027-02-20, name: 春节}
  - {date: 2027-04-25, name: 劳动节}
  - {date: 2027-09-26, name: 国庆节}
  - {date: 2027-10-09, name: 国庆节}
"""


def test_every_official_day_agrees_with_the_holidays_package():
    cal = current_calendar()
    reference = holidays.China(years=range(2004, 2027))
    differences = []
    d = date(2004, 1, 1)
    while d <= date(2026, 12, 31):
        if cal.is_working(d) != reference.is_working_day(d):
            differences.append(d)
        d += timedelta(days=1)
    assert differences == []


@pytest.mark.parametrize("day", [date(2024, 2, 4), date(2024, 2, 18), date(2024, 9, 29), date(2024, 10, 12),
                                 date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28),
                                 date(2025, 10, 11), date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28),
                                 date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10), date(2005, 12, 31)])
def test_make_up_workdays_of_the_notices(day):
    assert current_calendar().day(day).day_type is DayType.MAKEUP_WORKDAY


def test_2024_new_years_eve_was_a_working_day():
    assert current_calendar().is_working(date(2024, 2, 9))


def test_years_and_provisional_status():
    status = year_status()
    assert status[2026].status == "official" and status[2027].status == "provisional"
    cal = current_calendar()
    assert cal.day(date(2027, 2, 6)).day_type is DayType.HOLIDAY  # Spring Festival by rule
    assert cal.day(date(2027, 2, 9)).day_type is DayType.WORKDAY  # the package's "补假" guess is not used
    assert cal.day(date(2027, 6, 1)).official is False


def _provisional_case(api, make, office_team, db):
    """A case whose reply clock runs into 2027: provisional until the 2027 notice is imported."""
    from caseflow.cases.models import Case

    clerk = api(office_team["clerk"])
    case = clerk.post("/api/v1/cases", json=make.application(office_team["agency"])).json
    row = db.session.get(Case, case["id"])
    deadline = Deadline(case_id=row.id, rule_id="reconsideration.forward_copy", rule_as_of=row.received_on,
                        start_on=date(2027, 2, 3),
                        count=7, status="running")
    from caseflow.deadlines.services import refresh

    refresh(deadline)
    db.session.add(deadline)
    db.session.commit()
    return row, deadline


def test_import_2027_notice_recomputes_provisional_deadlines(api, make, office_team, db):
    case, deadline = _provisional_case(api, make, office_team, db)
    # provisional: 7 WD from Wed 2027-02-03 over the rule-based Spring Festival (02-05..08 statutory days)
    assert deadline.provisional is True
    before = deadline.due_on
    version = case.version
    changes = import_notice(parse_notice(NOTICE_2027), "admin")
    db.session.commit()
    assert deadline.provisional is False
    # official: 02-04 (1), [02-05..13], Sun 02-14 make-up (2), 15, 16, 17, 18, 19 (7)
    assert deadline.due_on == date(2027, 2, 19) != before
    assert [c["deadline_id"] for c in changes] == [deadline.id]
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.seq.desc()))
    assert event.name == "deadline_recomputed" and event.payload["to"] == "2027-02-19"
    assert event.payload["from"] == before.isoformat() and "国办发明电" in event.reason
    assert case.version == version + 1
    assert year_status()[2027].status == "official"
    cal = current_calendar()
    assert cal.day(date(2026, 12, 20)).official is True  # the 2027 notice settles the end of 2026
    assert cal.day(date(2027, 12, 20)).official is False  # the end of 2027 waits for the 2028 notice


@pytest.mark.parametrize("text, problem", [
    ("year: 2027\nnotice: x\nholidays: [{name: 春节, from: 2027-02-05, to: 2027-02-13}]\n"
     "makeup_workdays: [{date: 2027-02-06, name: 春节}]", "both a holiday and a make-up workday"),
    ("year: 2027\nnotice: x\nholidays: [{name: 春节, from: 2027-02-31, to: 2027-02-13}]", "not a date"),
    ("year: 2027\nnotice: x\nholidays: [{name: 春节, from: 2027-02-05, to: 2027-02-01}]", "before it starts"),
    ("year: 2027\nnotice: x\nholidays: [{name: 元旦, from: 2027-01-01, to: 2027-01-01}]\n"
     "makeup_workdays: [{date: 2027-02-10, name: 春节}]", "is a weekday"),
    ("year: 2027\nnotice: x\nholidays: [{name: 元旦, from: 2028-01-01, to: 2028-01-01}]", "outside 2027"),
    ("year: twenty\n", "not a year"),
    ("{{{", "not valid YAML"),
    ("year: 2027\nnotice: x\n", "no rest days"),
])
def test_malformed_notices_are_refused_with_the_problem(text, problem):
    with pytest.raises(NoticeError) as info:
        parse_notice(text)
    assert problem in str(info.value)


def test_failed_import_changes_nothing(app, tmp_path, db):
    path = tmp_path / "bad.yaml"
    path.write_text("year: 2027\nnotice: x\nholidays: [{name: 春节, from: 2027-02-05, to: 2027-02-13}]\n"
                    "makeup_workdays: [{date: 2027-02-06, name: 春节}]", encoding="utf-8")
    before = db.session.scalar(sa.select(sa.func.max(CalendarDay.updated_at)))
    result = app.test_cli_runner().invoke(caseflow_cli, ["calendar", "import", str(path)])
    assert result.exit_code != 0 and "both a holiday and a make-up workday" in result.output
    assert db.session.scalar(sa.select(sa.func.max(CalendarDay.updated_at))) == before


def test_cli_import_and_show(app, tmp_path, db):
    path = tmp_path / "2027.yaml"
    path.write_text(NOTICE_2027, encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(caseflow_cli, ["calendar", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2027 imported" in result.output
    shown = runner.invoke(caseflow_cli, ["calendar", "show", "2027"])
    assert "2027: official" in shown.output and "2027-02-14 Sun make-up" in shown.output
    assert runner.invoke(caseflow_cli, ["calendar", "show", "1999"]).exit_code != 0


def test_correcting_a_day_recomputes_and_needs_a_reason(api, make, office_team, db):
    case, deadline = _provisional_case(api, make, office_team, db)
    from caseflow.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        correct_day(date(2027, 2, 4), DayType.HOLIDAY, "特别假日", "admin", "")
    changes = correct_day(date(2027, 2, 4), DayType.HOLIDAY, "特别假日", "admin", "国务院特别通知")
    assert changes and changes[0]["deadline_id"] == deadline.id


def test_provisional_cli_marks_the_second_line(app):
    result = app.test_cli_runner().invoke(caseflow_cli, ["deadline", "reconsideration.decision", "2026-12-10"])
    assert result.exit_code == 0
    assert result.output.splitlines()[1] == "provisional"


@pytest.mark.parametrize("args, message", [
    (["deadline", "no.such.rule", "2025-01-01"], "unknown rule"),
    (["deadline", "reconsideration.decision", "2025-02-30"], "not a date"),
    (["deadline", "reconsideration.decision", "2060-12-20"], "calendar"),
    (["deadline", "reconsideration.decision", "2025-01-01", "--pause", "2025-01-05"], "FROM:TO"),
    (["deadline", "reconsideration.decision", "2025-01-01", "--extend", "45"], "1 to 30 days"),
])
def test_cli_bad_input(app, args, message):
    result = app.test_cli_runner().invoke(caseflow_cli, args)
    assert result.exit_code != 0
    assert message in result.output
