"""A holiday notice never silently overwrites a day corrected by hand (issue 9): the disagreeing days are shown with
both values, the administrator chooses for each (keep the correction / take the notice), the choice is logged, and
the deadlines follow the choice."""
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.calendar.models import CalendarDay
from caseflow.calendar.notice import parse_notice
from caseflow.calendar.services import KEEP, TAKE, CalendarConflicts, correct_day, current_calendar, import_notice
from caseflow.calendar.workdays import DayType
from caseflow.cli import caseflow_cli
from caseflow.security.models import SecurityEvent
from tests.calendar.test_calendar_data import NOTICE_2027, _provisional_case

# By hand, before the notice: 2027-02-15 (a Monday) a holiday; 2027-02-14 (Sunday) a rest day, not make-up.
HAND = [(date(2027, 2, 15), DayType.HOLIDAY, "春节延长"), (date(2027, 2, 14), DayType.WEEKEND, None)]


def _correct(db):
    for day, kind, name in HAND:
        correct_day(day, kind, name, "admin1", "市政府通知春节延长一天")
    db.session.commit()


def test_the_import_refuses_until_each_disagreeing_day_is_chosen(db):
    _correct(db)
    notice = parse_notice(NOTICE_2027)
    with pytest.raises(CalendarConflicts) as refused:
        import_notice(notice, "admin2")
    db.session.rollback()
    conflicts = {c["day"]: c for c in refused.value.extra["conflicts"]}
    assert conflicts["2027-02-15"]["hand_type"] == "holiday" and conflicts["2027-02-15"]["notice_type"] == "workday"
    assert conflicts["2027-02-14"]["notice_type"] == "makeup_workday"
    assert conflicts["2027-02-15"]["hand_reason"] == "市政府通知春节延长一天"
    assert db.session.get(CalendarDay, date(2027, 2, 15)).day_type == "holiday"  # nothing written
    assert not db.session.get(CalendarDay, date(2027, 2, 5)).source.startswith("notice:")  # not imported
    with pytest.raises(CalendarConflicts):  # half the choices are not enough
        import_notice(notice, "admin2", {date(2027, 2, 15): KEEP})
    db.session.rollback()


def test_each_day_follows_the_choice_and_the_choice_is_logged(db):
    _correct(db)
    import_notice(parse_notice(NOTICE_2027), "admin2", {date(2027, 2, 15): KEEP, date(2027, 2, 14): TAKE})
    db.session.commit()
    cal = current_calendar()
    assert cal.day(date(2027, 2, 15)).day_type is DayType.HOLIDAY  # the correction kept
    assert cal.day(date(2027, 2, 14)).day_type is DayType.MAKEUP_WORKDAY  # the notice taken
    assert db.session.get(CalendarDay, date(2027, 2, 15)).source.startswith("manual:")
    logged = db.session.scalar(sa.select(SecurityEvent).where(SecurityEvent.kind == "calendar_conflicts_resolved"))
    assert logged.username == "admin2" and logged.detail["year"] == 2027
    assert {d["day"]: d["choice"] for d in logged.detail["days"]} == {"2027-02-15": "keep", "2027-02-14": "notice"}


def test_a_correction_the_notice_agrees_with_is_no_conflict(db):
    correct_day(date(2027, 2, 8), DayType.HOLIDAY, "春节", "admin1", "提前按惯例标注")
    db.session.commit()
    import_notice(parse_notice(NOTICE_2027), "admin2")  # 2027-02-08 is a holiday in the notice too
    db.session.commit()
    assert db.session.get(CalendarDay, date(2027, 2, 8)).source.startswith("notice:")


def test_deadlines_are_recomputed_as_chosen(api, make, office_team, db):
    case, deadline = _provisional_case(api, make, office_team, db)  # 7 WD from Wed 2027-02-03
    _correct(db)
    import_notice(parse_notice(NOTICE_2027), "admin2", {date(2027, 2, 15): KEEP, date(2027, 2, 14): TAKE})
    db.session.commit()
    # 02-04 (1), [02-05..13], Sun 02-14 make-up (2), Mon 02-15 kept a holiday, 16, 17, 18, 19, Sat 02-20 make-up
    # (7); with the notice taken for 02-15 it is 02-19 (test_calendar_data)
    assert deadline.due_on == date(2027, 2, 20)


def test_the_command_line_lists_the_conflicts_and_takes_choices(app, db, tmp_path):
    _correct(db)
    path = tmp_path / "notice-2027.yaml"
    path.write_text(NOTICE_2027, encoding="utf-8")
    runner = app.test_cli_runner()
    refused = runner.invoke(caseflow_cli, ["calendar", "import", str(path)])
    assert refused.exit_code != 0 and "2027-02-15" in refused.output and "--keep" in refused.output
    done = runner.invoke(caseflow_cli, ["calendar", "import", str(path), "--keep", "2027-02-15", "--take", "all"])
    assert done.exit_code == 0, done.output
    cal = current_calendar()
    assert cal.day(date(2027, 2, 15)).day_type is DayType.HOLIDAY
    assert cal.day(date(2027, 2, 14)).day_type is DayType.MAKEUP_WORKDAY
