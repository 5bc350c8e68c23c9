"""The calendar's starting data, from maintained packages (legal-reference §5.2, §8.12-13).

- Years with an official State Council notice come from chinese-calendar (2004-2026 in 1.11.0), with the one
  day it files wrongly corrected (2005-12-31, a make-up workday of the 2006 notice).
- Later years are provisional: weekdays and weekends, plus the statutory holidays of 《全国年节及纪念日放假办法》
  computed by the `holidays` package, without its guessed substitute days ("补假"), because the make-up workdays
  of a year are unknown until its notice is published.
- The last two weeks of December of the last official year stay provisional: the next year's notice can change
  them (2005-12-31 and 2026-01-04 are examples).
"""
from __future__ import annotations

from datetime import date, timedelta
from importlib.metadata import version

from caseflow.calendar.workdays import Day, DayType, default_day_type

FIRST_DAY = date(2004, 1, 1)
LAST_DAY = date(2060, 12, 31)

# Days chinese-calendar gets wrong, checked against the notices and the `holidays` package.
CORRECTIONS = {
    date(2005, 12, 31): (DayType.MAKEUP_WORKDAY, "元旦"),  # 国办发明电〔2005〕 2006 New Year make-up Saturday
}


def _cc_names():
    import chinese_calendar

    return {h.value: h.chinese for h in chinese_calendar.Holiday}


def official_range():
    import chinese_calendar

    years = chinese_calendar.constants.holidays.keys()
    return min(years).year, max(years).year


def official_days(first_year: int, last_year: int) -> list[Day]:
    """Days of years covered by chinese-calendar's official data."""
    import chinese_calendar

    names = _cc_names()
    holidays_ = chinese_calendar.constants.holidays
    makeup = chinese_calendar.constants.workdays
    out = []
    d, end = date(first_year, 1, 1), date(last_year, 12, 31)
    while d <= end:
        if d in CORRECTIONS:
            day_type, name = CORRECTIONS[d]
        elif d in makeup:
            day_type, name = DayType.MAKEUP_WORKDAY, names.get(makeup[d], makeup[d])
        elif d in holidays_:
            day_type, name = DayType.HOLIDAY, names.get(holidays_[d], holidays_[d])
        else:
            day_type, name = default_day_type(d), None
        out.append(Day(d, day_type, name, True))
        d += timedelta(days=1)
    return out


def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory holidays of a year by rule (放假办法), without substitute-day guesses."""
    import holidays

    computed = holidays.China(years=year, language="zh_CN")
    return {d: name for d, name in computed.items() if "补假" not in name and "调休" not in name}


def provisional_days(first_year: int, last_year: int) -> list[Day]:
    out = []
    for year in range(first_year, last_year + 1):
        statutory = statutory_holidays(year)
        d = date(year, 1, 1)
        while d.year == year:
            if d in statutory:
                out.append(Day(d, DayType.HOLIDAY, statutory[d], False))
            else:
                out.append(Day(d, default_day_type(d), None, False))
            d += timedelta(days=1)
    return out


def seed_days(last_day: date = LAST_DAY) -> tuple[list[Day], dict[int, str]]:
    """All days from FIRST_DAY to `last_day`, and the status source of each year."""
    first_official, last_official = official_range()
    days = official_days(max(first_official, FIRST_DAY.year), last_official)
    # The next notice may still change the end of the last official year (§8.13).
    tail_start = date(last_official, 12, 18)
    days = [Day(d.day, d.day_type, d.name, False) if d.day >= tail_start else d for d in days]
    days += provisional_days(last_official + 1, last_day.year)
    source = f"chinesecalendar {version('chinesecalendar')}"
    provisional = f"holidays {version('holidays')} (statutory holidays by rule; no make-up workdays)"
    years = {y: source for y in range(first_official, last_official + 1)}
    years.update({y: provisional for y in range(last_official + 1, last_day.year + 1)})
    return days, years
