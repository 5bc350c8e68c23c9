"""An immutable working-day calendar with a precomputed index.

Every day in the covered range has an explicit type (ARL Art. 88(2); legal-reference §8.1): a working day is a
weekday that is not a holiday, or a weekend make-up workday (调休上班). Lookups are O(1) array reads: the n-th
working day after a date is `workdays[cum[i] + n - 1]`, so computing a due date never queries the database.
"""
from __future__ import annotations

import calendar as stdlib_calendar
import enum
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np


class DayType(str, enum.Enum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP_WORKDAY = "makeup_workday"

    @property
    def is_working(self) -> bool:
        return self in (DayType.WORKDAY, DayType.MAKEUP_WORKDAY)


DAY_TYPE_LABELS = {
    DayType.WORKDAY: ("工作日", "working day"),
    DayType.WEEKEND: ("周末休息日", "weekend rest day"),
    DayType.HOLIDAY: ("法定节假日", "statutory holiday"),
    DayType.MAKEUP_WORKDAY: ("调休上班日", "make-up workday"),
}


class CalendarRangeError(ValueError):
    """A computation needs a day outside the calendar's covered range."""


@dataclass(frozen=True)
class Day:
    day: date
    day_type: DayType
    name: str | None
    official: bool

    @property
    def is_working(self) -> bool:
        return self.day_type.is_working


_TYPE_CODES = list(DayType)


def default_day_type(day: date) -> DayType:
    return DayType.WEEKEND if day.weekday() >= 5 else DayType.WORKDAY


PLAIN_MEMO_SIZE = 500_000  # remembered plain due dates per calendar (about 100 MB at most); then forgotten


class WorkingCalendar:
    """Days from `first` to `last` inclusive. Build it with `from_days`; it never changes afterwards."""

    def __init__(self, first: date, types: np.ndarray, names: dict[int, str], official: np.ndarray):
        self.first = first
        self.last = first + timedelta(days=len(types) - 1)
        self._base = first.toordinal()
        self._types = types  # uint8 codes into _TYPE_CODES
        self._names = names  # index -> holiday name
        self._official = official  # bool per day
        working = np.isin(types, [_TYPE_CODES.index(DayType.WORKDAY), _TYPE_CODES.index(DayType.MAKEUP_WORKDAY)])
        self._working = working
        # cum[i] = number of working days strictly before index i; len = n + 1
        self._cum = np.concatenate(([0], np.cumsum(working, dtype=np.int64)))
        self._workday_idx = np.flatnonzero(working).astype(np.int64)
        self._prov_cum = np.concatenate(([0], np.cumsum(~official, dtype=np.int64)))
        # Plain-Python copies for the scalar path: list indexing beats numpy scalar access by ~10x.
        self._cum_list = self._cum.tolist()
        self._workday_list = self._workday_idx.tolist()
        self._prov_list = self._prov_cum.tolist()
        self._size, self._working_count = len(types), len(self._workday_list)
        self._plain_memo: dict[tuple, tuple[date, date, bool]] = {}
        # caseflow.calendar.periods.compute_due's results without detail, by (id(rule), start, count)
        self.due_memo: dict[tuple, object] = {}

    @classmethod
    def from_days(cls, days) -> "WorkingCalendar":
        """Build from an iterable of `Day`; the days must form one contiguous range."""
        days = sorted(days, key=lambda d: d.day)
        if not days:
            raise ValueError("a calendar needs at least one day")
        first = days[0].day
        n = (days[-1].day - first).days + 1
        if n != len(days):
            raise ValueError("calendar days must be contiguous")
        types = np.fromiter((_TYPE_CODES.index(d.day_type) for d in days), dtype=np.uint8, count=n)
        official = np.fromiter((d.official for d in days), dtype=bool, count=n)
        names = {i: d.name for i, d in enumerate(days) if d.name}
        return cls(first, types, names, official)

    # --- single days -------------------------------------------------------------------------------------------
    def _index(self, day: date) -> int:
        i = day.toordinal() - self._base
        if i < 0 or i >= len(self._types):
            raise CalendarRangeError(
                f"{day.isoformat()} is outside the calendar, which covers {self.first.isoformat()} to "
                f"{self.last.isoformat()}"
            )
        return i

    def _date(self, i: int) -> date:
        if i < 0 or i >= len(self._types):
            raise CalendarRangeError(
                f"the count runs past the calendar, which covers {self.first.isoformat()} to {self.last.isoformat()}"
            )
        return date.fromordinal(self._base + i)

    def day(self, day: date) -> Day:
        i = self._index(day)
        return Day(day, _TYPE_CODES[self._types[i]], self._names.get(i), bool(self._official[i]))

    def is_working(self, day: date) -> bool:
        return bool(self._working[self._index(day)])

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last

    # --- counting ----------------------------------------------------------------------------------------------
    def nth_working_day_after(self, start: date, n: int) -> date:
        """The n-th working day after `start` (the start day itself never counts: CPL Art. 85)."""
        i = self._index(start)
        k = self._cum_list[i + 1] + n - 1
        if k >= len(self._workday_list):
            raise CalendarRangeError(
                f"{n} working days after {start.isoformat()} run past the calendar, which ends {self.last.isoformat()}"
            )
        return self._date(self._workday_list[k])

    def nth_working_day_before(self, target: date, n: int) -> date:
        """The n-th working day before `target` (backward counts, e.g. a hearing notice: ARL Art. 51)."""
        i = self._index(target)
        k = self._cum_list[i] - n
        if k < 0:
            raise CalendarRangeError(
                f"{n} working days before {target.isoformat()} run before the calendar, which starts "
                f"{self.first.isoformat()}"
            )
        return self._date(self._workday_list[k])

    def plain_due(self, start: date, n: int, working_days: bool, roll_forward: bool) -> tuple[date, date, bool]:
        """(due, nominal, provisional) of n working days, or n calendar days (rolled forward to a working day if
        `roll_forward`), after `start`: what nth_working_day_after / first_working_day_on_or_after and
        has_provisional give, in one place for the hot path (every deadline stored, and a calendar recompute).

        Remembered per (start, n, kind): the calendar never changes (a new one is built when a notice is imported),
        and a recompute meets the same few thousand (start day, count) pairs again and again."""
        key = (start, n, working_days, roll_forward)
        found = self._plain_memo.get(key)
        if found is not None:
            return found
        if len(self._plain_memo) >= PLAIN_MEMO_SIZE:
            self._plain_memo.clear()
        self._plain_memo[key] = found = self._plain_due(start, n, working_days, roll_forward)
        return found

    def _plain_due(self, start: date, n: int, working_days: bool, roll_forward: bool) -> tuple[date, date, bool]:
        cum, workdays, size = self._cum_list, self._workday_list, self._size
        i = start.toordinal() - self._base
        if not 0 <= i < size:
            self._index(start)  # raises CalendarRangeError
        if working_days:
            k = cum[i + 1] + n - 1
            if k >= self._working_count:
                raise CalendarRangeError(f"{n} working days after {start.isoformat()} run past the calendar, "
                                         f"which ends {self.last.isoformat()}")
            j = nominal_j = workdays[k]
        else:
            nominal_j = j = i + n
            if j >= size or (roll_forward and cum[j] >= self._working_count):
                raise CalendarRangeError(f"{start.isoformat()} + {n} days (and the next working day) run past the "
                                         f"calendar, which ends {self.last.isoformat()}")
            if roll_forward:
                j = workdays[cum[j]]
        # has_provisional over (start - 1, due]: the start day itself and every day of the period
        prov = self._prov_list
        fromordinal, base = date.fromordinal, self._base
        return fromordinal(base + j), fromordinal(base + nominal_j), prov[j + 1] - prov[i] > 0

    def first_working_day_on_or_after(self, day: date) -> date:
        i = self._index(day)
        k = self._cum_list[i]
        if k >= len(self._workday_list):
            raise CalendarRangeError(f"no working day after {day.isoformat()} within the calendar")
        return self._date(self._workday_list[k])

    def working_days_between(self, after: date, through: date) -> int:
        """Working days d with after < d <= through."""
        if through <= after:
            return 0
        return self._cum_list[self._index(through) + 1] - self._cum_list[self._index(after) + 1]

    def has_provisional(self, after: date, through: date) -> bool:
        """True when any day in (after, through] is not yet covered by an official State Council notice."""
        lo, hi = sorted((after, through))
        return self._prov_list[self._index(hi) + 1] - self._prov_list[self._index(lo) + 1] > 0

    def days(self, after: date, through: date):
        """Yield `Day` for every day in (after, through]."""
        d = after + timedelta(days=1)
        while d <= through:
            yield self.day(d)
            d += timedelta(days=1)

    def year_days(self, year: int) -> list[Day]:
        return list(self.days(date(year, 1, 1) - timedelta(days=1), date(year, 12, 31)))

    # --- batch (vectorised) ------------------------------------------------------------------------------------
    def batch_nth_working_day_after(self, start_ordinals: np.ndarray, n) -> np.ndarray:
        """Vectorised `nth_working_day_after` over an array of date ordinals (`n` scalar or array)."""
        idx = start_ordinals - self._base
        if idx.min() < 0 or idx.max() >= len(self._types):
            raise CalendarRangeError("a start date is outside the calendar")
        k = self._cum[idx + 1] + n - 1
        if k.max() >= len(self._workday_idx):
            raise CalendarRangeError("a count runs past the calendar")
        return self._workday_idx[k] + self._base

    def batch_nth_working_day_before(self, target_ordinals: np.ndarray, n) -> np.ndarray:
        """Vectorised `nth_working_day_before`."""
        idx = target_ordinals - self._base
        if idx.min() < 0 or idx.max() >= len(self._types):
            raise CalendarRangeError("a target date is outside the calendar")
        k = self._cum[idx] - n
        if k.min() < 0:
            raise CalendarRangeError("a count runs before the calendar")
        return self._workday_idx[k] + self._base

    def batch_roll_forward(self, ordinals: np.ndarray) -> np.ndarray:
        """Vectorised `first_working_day_on_or_after` over date ordinals."""
        idx = ordinals - self._base
        if idx.min() < 0 or idx.max() >= len(self._types):
            raise CalendarRangeError("a date is outside the calendar")
        k = self._cum[idx]
        if k.max() >= len(self._workday_idx):
            raise CalendarRangeError("a date runs past the calendar")
        return self._workday_idx[k] + self._base


def add_months(day: date, months: int) -> date:
    """The corresponding date `months` later; the month's last day when it has no such date (Civil Code Art. 202)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


__all__ = ["DayType", "Day", "WorkingCalendar", "CalendarRangeError", "add_months", "default_day_type"]
