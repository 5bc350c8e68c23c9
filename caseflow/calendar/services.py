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
from sqlalchemy.orm import Session

from caseflow.calendar.models import CalendarDay, CalendarYear
from caseflow.calendar.notice import Notice
from caseflow.calendar.rules import RuleCatalogue
from caseflow.calendar.workdays import Day, DayType, WorkingCalendar, default_day_type
from caseflow.clock import now_utc
from caseflow.errors import Conflict, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.security import audit

_cache: dict[str, tuple[object, WorkingCalendar]] = {}
_pinned: ContextVar[WorkingCalendar | None] = ContextVar("caseflow_pinned_calendar", default=None)
# Sent (with actor, reason_zh, reason_en) after a notice import or a day correction, in the same transaction.
calendar_changed = Namespace().signal("calendar-changed")


def get_catalogue() -> RuleCatalogue:
    return current_app.extensions["caseflow.rules"]


STAMP = "caseflow.calendar.stamp"  # session.info: (the transaction, the stamp it read)


def _stamp():
    """When the calendar last changed: read once per transaction (a transition asks for the calendar several
    times), again after this transaction changes a calendar row (see _calendar_flushed)."""
    session = db.session()
    known = session.info.get(STAMP)
    if known is not None and known[0] is session.get_transaction():
        return known[1]
    stamp = tuple(session.execute(sa.select(sa.func.max(CalendarYear.updated_at),
                                            sa.func.count(CalendarYear.year))).one())
    session.info[STAMP] = (session.get_transaction(), stamp)
    return stamp


@sa.event.listens_for(Session, "after_flush")
def _calendar_flushed(session, _flush_context):
    if any(isinstance(obj, (CalendarYear, CalendarDay)) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop(STAMP, None)


def current_calendar() -> WorkingCalendar:
    """The calendar as stored, rebuilt only when a year was imported or a day corrected (one small query); inside
    `pinned_calendar()`, the calendar read on entering it (no query)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    key = str(db.engine.url)
    stamp = _stamp()
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
    db.session().info.pop(STAMP, None)  # this transaction's calendar is no longer the one it read


HAND = "manual:"  # CalendarDay.source of a day an administrator corrected by hand (correct_day)
KEEP, TAKE = "keep", "notice"  # an administrator's choice for a day the notice and a hand correction disagree on


class CalendarConflicts(Conflict):
    """The notice disagrees with days corrected by hand: nothing is imported until the administrator chooses, day
    by day, to keep the correction or take the notice (`conflicts`: the days, each with both values)."""

    code = "calendar_conflicts"


def _notice_value(notice: Notice, day: date) -> tuple[str, str | None] | None:
    """What the notice makes of `day` (type, name), or None when it leaves the day alone."""
    if day in notice.makeup_workdays:
        return DayType.MAKEUP_WORKDAY.value, notice.makeup_workdays[day]
    if day in notice.holidays:
        return DayType.HOLIDAY.value, notice.holidays[day]
    if day.year == notice.year:
        return default_day_type(day).value, None
    return None  # December of the year before, untouched by this notice


def _notice_days(notice: Notice) -> dict[date, CalendarDay]:
    return {d.day: d for d in db.session.scalars(sa.select(CalendarDay).where(
        CalendarDay.day.between(date(notice.year - 1, 12, 1), date(notice.year, 12, 31))))}


def notice_conflicts(notice: Notice, days: dict[date, CalendarDay] | None = None) -> list[dict]:
    """The days corrected by hand that the notice would make a different kind of day, each with both values."""
    out = []
    for day, row in sorted((days if days is not None else _notice_days(notice)).items()):
        value = _notice_value(notice, day)
        if not row.source.startswith(HAND) or value is None or value[0] == row.day_type:
            continue
        reason = row.source[len(HAND):].partition(": ")[2] or row.source
        out.append({"day": day, "hand_type": row.day_type, "hand_name": row.name, "hand_by": row.updated_by,
                    "hand_reason": reason, "notice_type": value[0], "notice_name": value[1]})
    return out


def import_notice(notice: Notice, actor: str, choices: dict[date, str] | None = None) -> list[dict]:
    """Make `notice.year` official from a State Council notice, then recompute affected open deadlines.

    A day an administrator corrected by hand is never overwritten silently: where the notice disagrees with it,
    `choices` must say, for each such day, KEEP (the correction stays) or TAKE (the notice's value); without a
    choice for every one, CalendarConflicts lists them and nothing is written. The choices go to the security
    log and into the reason of every deadline they move.
    """
    years = year_status()
    if notice.year not in years:
        raise ValidationFailed(f"the calendar does not cover {notice.year}", errors={"year": ["outside the calendar"]})
    source = f"notice:{notice.notice}"
    days = _notice_days(notice)
    conflicts = notice_conflicts(notice, days)
    choices = choices or {}
    if any(choices.get(c["day"]) not in (KEEP, TAKE) for c in conflicts):
        raise CalendarConflicts(f"the notice disagrees with {len(conflicts)} day(s) corrected by hand; choose for "
                                "each whether to keep the correction or take the notice", conflicts=[
                                    {**c, "day": c["day"].isoformat()} for c in conflicts])
    kept = {c["day"] for c in conflicts if choices[c["day"]] == KEEP}
    now = now_utc()
    for day, row in days.items():
        value = _notice_value(notice, day)
        if value is None or day in kept:
            continue
        row.day_type, row.name = value
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
    note_zh = note_en = ""
    if conflicts:
        audit.record("calendar_conflicts_resolved", username=actor, year=notice.year, notice=notice.notice,
                     days=[{"day": c["day"].isoformat(), "hand": c["hand_type"], "hand_name": c["hand_name"],
                            "hand_reason": c["hand_reason"], "notice": c["notice_type"],
                            "notice_name": c["notice_name"], "choice": choices[c["day"]]} for c in conflicts])
        taken = len(conflicts) - len(kept)
        note_zh = f"；与手工更正不一致的{len(conflicts)}日中保留更正{len(kept)}日、采用通知{taken}日"
        note_en = f"; of {len(conflicts)} day(s) corrected by hand, {len(kept)} kept, {taken} taken from the notice"
    db.session.flush()
    return _changed(actor, f"导入{notice.year}年节假日安排通知（{notice.notice}）{note_zh}",
                    f"imported the {notice.year} holiday notice ({notice.notice}){note_en}",
                    days=(date(notice.year - 1, 12, 1), date(notice.year, 12, 31)))


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
                    f"corrected {day.isoformat()} to {day_type.value}: {reason}", days=(day, day))


def _changed(actor: str, reason_zh: str, reason_en: str, days: tuple[date, date]) -> list:
    """Announce a calendar change of the days from days[0] to days[1]; the receivers (the deadline layer)
    recompute what it moves and answer with the changes. The calendar itself knows nothing of cases or deadlines."""
    answers = calendar_changed.send(current_app._get_current_object(), actor=actor, reason_zh=reason_zh,
                                    reason_en=reason_en, days=days)
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
