"""The period a figure covers: a month, a quarter, a year or custom dates, at most ten years, and the same period
one year earlier for comparison. Pure: no database."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MAX_YEARS = 10
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """A period that cannot be read: `field` names the input, `message` says why (Chinese, then English)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def last_year(self) -> Period:
        return Period(_year_earlier(self.start), _year_earlier(self.end), f"{self.label} (-1)")

    def months(self) -> list[str]:
        """'YYYY-MM' of every month the period touches, in order (the trend's x axis)."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _month_end(year: int, month: int) -> date:
    return (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)


def parse_period(value: str | None, start: date | None = None, end: date | None = None, *, today: date) -> Period:
    """`value` is 'YYYY', 'YYYY-Qn', 'YYYY-MM' or 'custom' (then `start` and `end`); empty means this year."""
    value = (value or "").strip() or str(today.year)
    if value == "custom":
        if start is None:
            raise PeriodError("start", "请填写开始日期 (start date required)")
        if end is None:
            raise PeriodError("end", "请填写结束日期 (end date required)")
        if end < start:
            raise PeriodError("end", "结束日期不能早于开始日期 (the end is before the start)")
        if end > _year_later(start, MAX_YEARS) - timedelta(days=1):
            raise PeriodError("end", f"统计期间不能超过{MAX_YEARS}年 (at most {MAX_YEARS} years)")
        return Period(start, end, f"{start.isoformat()}—{end.isoformat()}")
    if match := _YEAR.match(value):
        year = int(match[1])
        period = Period(date(year, 1, 1), date(year, 12, 31), f"{year}")
    elif match := _QUARTER.match(value):
        year, quarter = int(match[1]), int(match[2])
        period = Period(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), f"{year}-Q{quarter}")
    elif (match := _MONTH.match(value)) and 1 <= int(match[2]) <= 12:
        year, month = int(match[1]), int(match[2])
        period = Period(date(year, month, 1), _month_end(year, month), f"{year}-{month:02d}")
    else:
        raise PeriodError("period", "期间格式应为 YYYY、YYYY-Qn、YYYY-MM 或 custom (a year, quarter, month or custom)")
    if not 1900 < period.start.year < 2200:
        raise PeriodError("period", "年份超出范围 (year out of range)")
    return period


def _year_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
