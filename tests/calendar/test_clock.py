"""The statutory clock across the holidays of 2024-2026, year ends, pauses, extensions and provisional years."""
from datetime import date, timedelta
from pathlib import Path

import pytest

from caseflow.calendar.explain import explain
from caseflow.calendar.periods import Extension, Pause, compute_due
from caseflow.calendar.rules import Unit
from caseflow.calendar.services import current_calendar, get_catalogue
from caseflow.calendar.workdays import CalendarRangeError, DayType


@pytest.fixture
def cal():
    return current_calendar()


def naive_due(rule, start, cal):
    """An independent day-by-day reference implementation (the slow way a person counts on paper)."""
    is_working = lambda d: cal.day(d).day_type in (DayType.WORKDAY, DayType.MAKEUP_WORKDAY)  # noqa: E731
    if rule.unit is Unit.WORKING_DAYS:
        step = -1 if rule.backward else 1
        d, n = start, 0
        while n < rule.count:
            d += timedelta(days=step)
            n += is_working(d)
        return d
    if rule.unit is Unit.CALENDAR_DAYS:
        d = start + timedelta(days=rule.count)
    else:
        from caseflow.calendar.workdays import add_months

        d = add_months(start, rule.count * (12 if rule.unit is Unit.YEARS else 1))
    if rule.roll_forward:
        while not is_working(d):
            d += timedelta(days=1)
    return d


HOLIDAY_STARTS = [
    # Spring Festival, Labour Day, National Day of 2024, 2025, 2026, and year ends
    date(2024, 2, 7), date(2024, 2, 9), date(2024, 4, 29), date(2024, 4, 30), date(2024, 9, 27), date(2024, 9, 30),
    date(2025, 1, 24), date(2025, 1, 27), date(2025, 4, 28), date(2025, 4, 30), date(2025, 9, 26), date(2025, 9, 30),
    date(2026, 2, 12), date(2026, 2, 13), date(2026, 4, 30), date(2026, 5, 8), date(2026, 9, 29), date(2026, 9, 30),
    date(2024, 12, 27), date(2024, 12, 31), date(2025, 12, 30), date(2025, 12, 31),
]


def short_rule_ids():
    """Every rule but the multi-year bars (those run past the holidays below; see test_absolute_bars)."""
    from caseflow.calendar.rules import load_catalogue

    rules = load_catalogue(Path(__file__).resolve().parents[2] / "workflows").latest()
    return [r.id for r in rules if not (r.unit is Unit.YEARS and r.count > 1)]


@pytest.mark.parametrize("rule_id", short_rule_ids())
@pytest.mark.parametrize("start", HOLIDAY_STARTS, ids=[d.isoformat() for d in HOLIDAY_STARTS])
def test_every_rule_across_holidays_matches_a_day_by_day_count(cal, rule_id, start):
    rule = get_catalogue().get(rule_id)
    result = compute_due(rule, start, cal)
    assert result.due_on == naive_due(rule, start, cal)
    due_day = cal.day(result.due_on)
    if rule.unit is Unit.WORKING_DAYS or rule.roll_forward:
        assert due_day.is_working, f"{rule_id} from {start} lands on a rest day {result.due_on}"


def test_absolute_bars(cal):
    bar = compute_due(get_catalogue().get("reconsideration.absolute_limit"), date(2024, 10, 1), cal)
    assert bar.nominal_on == date(2029, 10, 1) and bar.provisional is True
    bar20 = compute_due(get_catalogue().get("reconsideration.absolute_limit_immovable"), date(2024, 2, 29), cal)
    assert bar20.nominal_on == date(2044, 2, 29)


@pytest.mark.parametrize("start, expected", [
    (date(2024, 2, 5), date(2024, 2, 18)),  # New Year's Eve 2024-02-09 was a working day; Sun 02-18 make-up
    (date(2025, 1, 24), date(2025, 2, 7)),  # 5 WD: Sun 01-26 make-up, 01-27, [01-28..02-04], 02-05..02-07
    (date(2026, 2, 12), date(2026, 2, 26)),  # 2026: Sat 02-14 make-up, [02-15..23], 24, 25, 26
    (date(2026, 4, 30), date(2026, 5, 11)),  # Labour Day 2026: [05-01..05], 06, 07, 08, Sat 05-09 make-up, 11
])
def test_five_working_days_at_known_dates(cal, start, expected):
    rule = get_catalogue().get("reconsideration.acceptance_review")
    assert compute_due(rule, start, cal).due_on == expected == naive_due(rule, start, cal)


def test_year_end_2025_counts_the_2026_make_up_sunday(cal):
    rule = get_catalogue().get("reconsideration.acceptance_review")
    # Wed 2025-12-31 + 5 WD: [01-01..03 holiday], Sun 01-04 make-up (1), 05 (2), 06 (3), 07 (4), 08 (5)
    assert compute_due(rule, date(2025, 12, 31), cal).due_on == date(2026, 1, 8)


def test_pause_spanning_a_holiday(cal):
    rule = get_catalogue().get("reconsideration.decision")
    # accepted 2025-09-01; suspended 09-25 to 10-10 across National Day: 15 days added
    base = compute_due(rule, date(2025, 9, 1), cal)
    paused = compute_due(rule, date(2025, 9, 1), cal, [Pause(date(2025, 9, 25), date(2025, 10, 10), "中止")])
    assert base.nominal_on == date(2025, 10, 31)
    assert paused.nominal_on == date(2025, 11, 15)
    assert paused.due_on == date(2025, 11, 17)  # Sat 11-15 rolls to Mon
    assert any("暂停" in line for line in explain(paused))


def test_pause_in_a_working_day_period_skips_paused_working_days(cal):
    rule = get_catalogue().get("reconsideration.supplement")
    plain = compute_due(rule, date(2025, 3, 3), cal)
    paused = compute_due(rule, date(2025, 3, 3), cal, [Pause(date(2025, 3, 5), date(2025, 3, 7))])
    assert cal.working_days_between(plain.due_on, paused.due_on) == 2


def test_open_pause_has_no_due_date_yet(cal):
    rule = get_catalogue().get("reconsideration.decision")
    result = compute_due(rule, date(2025, 3, 3), cal, [Pause(date(2025, 3, 20), None, "中止")])
    assert result.due_on is None and result.paused is True


def test_extension_counts_from_the_unrolled_nominal_end(cal):
    rule = get_catalogue().get("reconsideration.decision")
    result = compute_due(rule, date(2025, 8, 4), cal, extensions=[Extension(30, "王主任", date(2025, 9, 30), "复杂")])
    assert result.due_on == date(2025, 11, 3)
    text = "\n".join(explain(result))
    assert "延长30日" in text and "王主任" in text


def test_backward_hearing_notice(cal):
    rule = get_catalogue().get("reconsideration.hearing_notice")
    assert compute_due(rule, date(2024, 10, 8), cal).due_on == date(2024, 9, 25)


def test_explanation_names_rule_basis_start_and_skipped_days(cal):
    result = compute_due(get_catalogue().get("reconsideration.acceptance_review"), date(2024, 9, 27), cal)
    zh = explain(result, "zh")
    assert "第三十条" in zh[0] and "2024年9月27日" in zh[1]
    assert "调休上班日" in zh[2] and "国庆节" in zh[3]
    assert zh[-1] == "届满日：2024年10月10日（周四）"
    en = explain(result, "en")
    assert en[-1] == "Due: Thu 2024-10-10" and "make-up workday" in en[2]


def test_provisional_2027(cal):
    rule = get_catalogue().get("reconsideration.decision")
    result = compute_due(rule, date(2026, 12, 10), cal)  # runs into 2027: no official notice yet
    assert result.provisional is True
    assert any("暂定" in line for line in explain(result))
    early = compute_due(rule, date(2026, 3, 2), cal)
    assert early.provisional is False


def test_last_two_weeks_of_the_last_official_year_are_provisional(cal):
    assert cal.day(date(2026, 12, 17)).official is True
    assert cal.day(date(2026, 12, 18)).official is False


def test_past_the_calendar_is_refused(cal):
    rule = get_catalogue().get("reconsideration.decision")
    with pytest.raises(CalendarRangeError, match="outside the calendar|past the calendar"):
        compute_due(rule, date(2060, 12, 1), cal)
    with pytest.raises(CalendarRangeError):
        compute_due(rule, date(2003, 6, 1), cal)


def test_batch_due_dates_agree_with_the_scalar_engine(cal):
    import numpy as np

    from caseflow.calendar.periods import batch_due_dates

    ids = ["reconsideration.acceptance_review", "reconsideration.decision", "reconsideration.hearing_notice",
           "reconsideration.suspension_termination", "adjudication.procurement.decision"]
    rules = [get_catalogue().get(i) for i in ids]
    starts = np.arange(date(2024, 1, 1).toordinal(), date(2026, 6, 30).toordinal(), 3, dtype=np.int64)
    rule_index = np.arange(len(starts)) % len(rules)
    out = batch_due_dates(rules, rule_index, starts, cal)
    for o, s, r in zip(out, starts, rule_index):
        assert date.fromordinal(int(o)) == compute_due(rules[r], date.fromordinal(int(s)), cal, detail=False).due_on
