"""The calendar in the database: the cached working calendar, notice imports and day corrections.

A change is announced with the `calendar_changed` signal; the deadline layer, which listens, recomputes the open
deadlines it moves. This package imports nothing from cases or deadlines (an import-linter contract says so).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

import sqlalchemy as sa
from blinker import Namespace
from flask import current_app

from caseflow.calendar.models import CalendarDay, CalendarYear
from caseflow.calendar.notice import Notice
from caseflow.calendar.rules import RuleCatalogue
from caseflow.calendar.workdays import Day, DayType, WorkingCalendar, default_day_type
from caseflow.clock import now_utc
from caseflow.errors import NotFound, ValidationFailed
from caseflow.extensions import db

_cache: dict[str, tuple[object, WorkingCalendar]] = {}
_pinned: ContextVar[WorkingCalendar | None] = ContextVar("caseflow_pinned_calendar", default=None)
# Sent (with actor, reason_zh, reason_en) after a notice import or a day correction, in the same transaction.
calendar_changed = Namespace().signal("calendar-changed")


def get_catalogue() -> RuleCatalogue:
    return current_app.extensions["caseflow.rules"]


def _stamp():
    return db.session.execute(sa.select(sa.func.max(CalendarYear.updated_at), sa.func.count(CalendarYear.year))).one()


def current_calendar() -> WorkingCalendar:
    """The calendar as stored, rebuilt only when a year was imported or a day corrected (one small query); inside
    `pinned_calendar()`, the calendar read on entering it (no query)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    key = str(db.engine.url)
    stamp = tuple(_stamp())
    cached = _cache.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    rows = db.session.execute(sa.select(CalendarDay.day, CalendarDay.day_type, CalendarDay.name, CalendarDay.official)
                              .order_by(CalendarDay.day))
    calendar = WorkingCalendar.from_days(Day(r.day, DayType(r.day_type), r.name, r.official) for r in rows)
    _cache[key] = (stamp, calendar)
    return calendar


@contextmanager
def pinned_calendar() -> Iterator[WorkingCalendar]:
    """One calendar for a whole job (a sweep): read once on entering, then `current_calendar()` answers without
    asking the database whether it changed. A correction made meanwhile is the next job's (and its recompute's)."""
    token = _pinned.set(current_calendar())
    try:
        yield _pinned.get()
    finally:
        _pinned.reset(token)


def year_status() -> dict[int, CalendarYear]:
    return {y.year: y for y in db.session.scalars(sa.select(CalendarYear).order_by(CalendarYear.year))}


def _touch_year(year: int, actor: str, **values) -> None:
    row = db.session.get(CalendarYear, year)
    if row is None:
        raise NotFound(f"the calendar has no year {year}")
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at = now_utc()
    row.updated_by = actor


def import_notice(notice: Notice, actor: str) -> list[dict]:
    """Make `notice.year` official from a State Council notice, then recompute affected open deadlines."""
    years = year_status()
    if notice.year not in years:
        raise ValidationFailed(f"the calendar does not cover {notice.year}", errors={"year": ["outside the calendar"]})
    source = f"notice:{notice.notice}"
    days = {d.day: d for d in db.session.scalars(sa.select(CalendarDay).where(
        CalendarDay.day.between(date(notice.year - 1, 12, 1), date(notice.year, 12, 31))))}
    now = now_utc()
    for day, row in days.items():
        in_year = day.year == notice.year
        if day in notice.makeup_workdays:
            row.day_type, row.name = DayType.MAKEUP_WORKDAY.value, notice.makeup_workdays[day]
        elif day in notice.holidays:
            row.day_type, row.name = DayType.HOLIDAY.value, notice.holidays[day]
        elif in_year:
            row.day_type, row.name = default_day_type(day).value, None
        else:
            continue  # December of the year before, untouched by this notice
        row.source, row.updated_at, row.updated_by = source, now, actor
    # The notice settles the end of the previous year; the end of this year waits for next year's notice (§8.13).
    previous = years.get(notice.year - 1)
    for day, row in days.items():
        if day.year == notice.year - 1 and day >= date(notice.year - 1, 12, 18):
            row.official = previous is not None and previous.status == "official"
        elif day.year == notice.year:
            next_official = years.get(notice.year + 1) and years[notice.year + 1].status == "official"
            row.official = bool(next_official) or day < date(notice.year, 12, 18)
    _touch_year(notice.year, actor, status="official", source=source, notice=notice.notice)
    db.session.flush()
    return _changed(actor, f"导入{notice.year}年节假日安排通知（{notice.notice}）",
                    f"imported the {notice.year} holiday notice ({notice.notice})")


def correct_day(day: date, day_type: DayType, name: str | None, actor: str, reason: str) -> list[dict]:
    """An administrator corrects one day (e.g. an extraordinary holiday); open deadlines follow."""
    row = db.session.get(CalendarDay, day)
    if row is None:
        raise ValidationFailed(f"{day} is outside the calendar", errors={"day": ["outside the calendar"]})
    if not reason.strip():
        raise ValidationFailed("a correction needs a reason", errors={"reason": ["说明更正理由"]})
    if day_type is DayType.MAKEUP_WORKDAY and day.weekday() < 5:
        raise ValidationFailed("only a weekend day can be a make-up workday", errors={"day_type": ["周一至周五不能设为调休上班日"]})
    row.day_type, row.name = day_type.value, (name or None)
    row.source, row.updated_at, row.updated_by = f"manual:{actor}: {reason}", now_utc(), actor
    _touch_year(day.year, actor)
    db.session.flush()
    return _changed(actor, f"更正{day.isoformat()}为{day_type.value}：{reason}",
                    f"corrected {day.isoformat()} to {day_type.value}: {reason}")


def _changed(actor: str, reason_zh: str, reason_en: str) -> list:
    """Announce a calendar change; the receivers (the deadline layer) recompute what it moves and answer with
    the changes. The calendar itself knows nothing of cases or deadlines."""
    answers = calendar_changed.send(current_app._get_current_object(), actor=actor, reason_zh=reason_zh,
                                    reason_en=reason_en)
    return [change for _receiver, changes in answers for change in (changes or [])]


def days_of_year(year: int) -> list[CalendarDay]:
    return list(db.session.scalars(sa.select(CalendarDay).where(
        CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31))).order_by(CalendarDay.day)))


def compute_deadline(rule_id: str, start: date, pauses=(), extension_days: int | None = None):
    """The calculator (期限计算器): a due date from a rule id and a start date, with optional pauses/extension."""
    from caseflow.calendar.periods import Extension, compute_due
    from caseflow.calendar.rules import RuleError
    from caseflow.calendar.workdays import CalendarRangeError

    catalogue = get_catalogue()
    try:
        rule = catalogue.get(rule_id)
    except RuleError:
        raise ValidationFailed(f"unknown rule id {rule_id!r}", errors={"rule": [f"没有编号为 {rule_id} 的期限规则"]}) from None
    extensions = []
    if extension_days is not None:
        if extension_days <= 0 or (rule.max_extension_days and extension_days > rule.max_extension_days):
            limit = rule.max_extension_days or "—"
            raise ValidationFailed(f"an extension of {extension_days} days is out of range (1 to {limit} days for "
                                   f"{rule_id})",
                                   errors={"extend": [f"延长天数应为1至{limit}日"]})
        extensions.append(Extension(extension_days))
    try:
        return compute_due(rule, start, current_calendar(), list(pauses), extensions)
    except CalendarRangeError as exc:
        raise ValidationFailed(str(exc), errors={"start": [str(exc)]}) from None
    except OverflowError:  # the period runs past year 9999
        raise ValidationFailed("the period runs past the last representable date",
                               errors={"start": ["期限超出可计算的日期范围"]}) from None
    except ValueError as exc:
        raise ValidationFailed(str(exc), errors={"pause": [str(exc)]}) from None
