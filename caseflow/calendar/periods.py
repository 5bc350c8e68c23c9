"""Due dates from a rule, a start date, a ledger of pauses and extensions, and the calendar.

The conventions are the product decisions of legal-reference §8:
- every period counts from the day after its start event (CPL Art. 85; 民诉解释 Art. 125), even when the start
  event falls on a rest day (§8.2);
- working-day periods count only official working days, make-up weekend days included (ARL Art. 88(2), §8.1);
- calendar-day, month and year periods end on start + n; a last day that is not a working day moves to the next
  working day (CPL Art. 85, Civil Code Arts. 202-203, §8.3), unless the rule says no roll-forward (§8.7);
- a pause from S to R adds R - S days (calendar rules) or excludes the working days S+1..R (working-day rules)
  (§8.4); an extension adds its days to the unrolled nominal end, then rolls forward (§8.5);
- backward rules give the latest day: the n-th working day before the target date (§8.6).

Every computation returns the steps that produced it, so a clerk can read out why a date is what it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from caseflow.calendar.rules import Rule, Unit
from caseflow.calendar.workdays import WorkingCalendar, add_months


@dataclass(frozen=True)
class Pause:
    """A paused interval: days after `start` through `end` do not run. `end` is None while the pause is open."""

    start: date
    end: date | None
    ground: str = ""

    def days(self) -> int:
        return (self.end - self.start).days if self.end else 0


@dataclass(frozen=True)
class Extension:
    days: int
    approved_by: str = ""
    approved_on: date | None = None
    reason: str = ""


# The common case, as stored on a deadline (detail=False, so no steps): a forward count of days with no pause,
# extension or presumed start. The same dates as the general path (tests/calendar/test_plain_due.py), in a few
# list reads (WorkingCalendar.plain_due) instead of building the explanation.
_WORKING, _CALENDAR = Unit.WORKING_DAYS, Unit.CALENDAR_DAYS
DUE_MEMO_SIZE = 500_000  # remembered plain due dates per calendar; then forgotten and remembered anew


@dataclass(slots=True)
class DueDate:
    rule: Rule
    start: date
    due_on: date | None  # None while a pause is open: the date cannot be known yet
    nominal_on: date | None
    provisional: bool
    paused: bool
    count: int
    steps: list[dict] | tuple = field(default_factory=list)  # () for a plain date (shared, never changed)


def compute_due(
    rule: Rule,
    start: date,
    calendar: WorkingCalendar,
    pauses: tuple[Pause, ...] | list[Pause] = (),
    extensions: tuple[Extension, ...] | list[Extension] = (),
    count: int | None = None,
    detail: bool = True,
    presumed: dict | None = None,
) -> DueDate:
    """Compute the due date of `rule` started on `start` (the target date, for backward rules).

    With `detail=False` the steps omit the day-by-day lists (what storing a due date needs, at a tenth of the cost).
    `presumed` says that `start` is a presumed receipt ({sent_on, days, method, basis}): the date is then only
    provisional until the real receipt is recorded.
    """
    if not (detail or pauses or extensions or presumed):
        # The common case (every deadline stored, a calendar recompute): remembered per calendar, which never
        # changes (a notice builds a new one). Keyed by the rule's identity (a Rule's own hash reads its 15
        # fields); the entry keeps the rule, so its id cannot be reused while the entry lives.
        memo = calendar.due_memo
        found = memo.get((id(rule), start, count))
        if found is not None:
            return found
        found = _plain(rule, start, calendar, count)
        if found is not None:
            if len(memo) >= DUE_MEMO_SIZE:
                memo.clear()
            memo[(id(rule), start, count)] = found
            return found
    n = count if count is not None else rule.count
    if n <= 0:
        raise ValueError("a period must count at least one day")
    pauses = sorted(pauses, key=lambda p: p.start)
    for p in pauses:
        if p.end is not None and p.end < p.start:
            raise ValueError(f"a pause cannot end ({p.end}) before it starts ({p.start})")
        if p.start < start:
            raise ValueError(f"a pause ({p.start}) cannot begin before the period starts ({start})")
    steps: list[dict] = [{"code": "start", "start": start, "count": n}]
    if presumed:
        steps.append({"code": "presumed_start", **presumed})
    open_pause = next((p for p in pauses if p.end is None), None)

    if rule.backward:
        due = calendar.nth_working_day_before(start, n)
        days = _day_list(calendar, due - timedelta(days=1), start - timedelta(days=1)) if detail else []
        steps.append({"code": "backward", "due": due, "days": days})
        return _finish(rule, start, due, due, calendar, n, steps, paused=False, span=(due, start))

    if rule.unit is Unit.WORKING_DAYS:
        total = n + sum(e.days for e in extensions)
        closed = [p for p in pauses if p.end is not None]
        due = calendar.nth_working_day_after(start, total)
        # Working days inside a pause do not count; push the end out until it no longer moves.
        while True:
            lost = sum(calendar.working_days_between(p.start, min(p.end, due)) for p in closed if p.start < due)
            moved = calendar.nth_working_day_after(start, total + lost)
            if moved == due:
                break
            due = moved
        for p in closed:
            steps.append({"code": "pause", "from": p.start, "to": p.end, "days": p.days(), "ground": p.ground})
        for e in extensions:
            steps.append(_extension_step(e, None))
        days = _day_list(calendar, start, due, pauses=closed) if detail else []
        steps.append({"code": "wd_count", "days": days, "due": due})
        if open_pause:
            steps.append({"code": "paused", "from": open_pause.start, "ground": open_pause.ground})
            return _finish(rule, start, None, None, calendar, n, steps, paused=True, span=(start, due))
        return _finish(rule, start, due, due, calendar, n, steps, paused=False, span=(start, due))

    if rule.unit is Unit.CALENDAR_DAYS:
        nominal = start + timedelta(days=n)
        steps.append({"code": "cd_nominal", "nominal": nominal, "count": n})
    else:
        months = n * 12 if rule.unit is Unit.YEARS else n
        nominal = add_months(start, months)
        steps.append({"code": "month_nominal", "nominal": nominal, "count": n, "unit": rule.unit.value})
    for p in pauses:
        if p.end is None:
            continue
        nominal += timedelta(days=p.days())
        steps.append({"code": "pause", "from": p.start, "to": p.end, "days": p.days(), "ground": p.ground,
                      "nominal": nominal})
    for e in extensions:
        nominal += timedelta(days=e.days)
        steps.append(_extension_step(e, nominal))
    if open_pause:
        steps.append({"code": "paused", "from": open_pause.start, "ground": open_pause.ground})
        return _finish(rule, start, None, nominal, calendar, n, steps, paused=True, span=(start, nominal))
    if not rule.roll_forward:
        steps.append({"code": "no_roll_forward", "due": nominal})
        return _finish(rule, start, nominal, nominal, calendar, n, steps, paused=False, span=(start, nominal))
    due = calendar.first_working_day_on_or_after(nominal)
    if due == nominal:
        steps.append({"code": "nominal_is_working", "due": due})
    else:
        skipped = _day_list(calendar, nominal - timedelta(days=1), due - timedelta(days=1)) if detail else []
        steps.append({"code": "roll_forward", "from": nominal, "due": due, "skipped": group_runs(skipped)})
    return _finish(rule, start, due, nominal, calendar, n, steps, paused=False, span=(start, due))


def _plain(rule: Rule, start: date, calendar: WorkingCalendar, count: int | None) -> DueDate | None:
    """A forward count of working or calendar days without pause, extension or presumed start (None otherwise):
    the same dates as the general path (tests/calendar/test_plain_due.py), from a few list reads
    (WorkingCalendar.plain_due) instead of building the explanation. Shared by every caller: never changed."""
    n = count if count is not None else rule.count
    unit = rule.unit
    if n <= 0 or rule.backward or not (unit is _WORKING or unit is _CALENDAR):
        return None
    due, nominal, provisional = calendar.plain_due(start, n, unit is _WORKING, rule.roll_forward)
    return DueDate(rule, start, due, nominal, provisional, False, n, ())


def _extension_step(e: Extension, nominal: date | None) -> dict:
    return {"code": "extension", "days": e.days, "approved_by": e.approved_by, "approved_on": e.approved_on,
            "reason": e.reason, "nominal": nominal}


def _finish(rule, start, due, nominal, calendar, n, steps, *, paused, span) -> DueDate:
    lo, hi = span
    provisional = calendar.has_provisional(min(lo, hi) - timedelta(days=1), max(lo, hi))
    if provisional:
        steps.append({"code": "provisional"})
    return DueDate(rule, start, due, nominal, provisional, paused, n, steps)


def _day_list(calendar: WorkingCalendar, after: date, through: date, pauses=()) -> list[dict]:
    """Every day in (after, through] with its type, and whether it counted."""
    out = []
    for d in calendar.days(after, through):
        paused = any(p.start < d.day <= p.end for p in pauses)
        out.append({"day": d.day, "type": d.day_type.value, "name": d.name, "working": d.is_working,
                    "paused": paused, "official": d.official})
    return out


def group_runs(days: list[dict]) -> list[dict]:
    """Group consecutive days of the same type and name into runs (e.g. 'Oct 1-8 National Day')."""
    runs: list[dict] = []
    for d in days:
        if runs and runs[-1]["type"] == d["type"] and runs[-1]["name"] == d["name"] \
                and runs[-1]["to"] + timedelta(days=1) == d["day"]:
            runs[-1]["to"] = d["day"]
        else:
            runs.append({"from": d["day"], "to": d["day"], "type": d["type"], "name": d["name"]})
    return runs


def batch_due_dates(rules: list[Rule], rule_index, start_ordinals, calendar: WorkingCalendar):
    """Vectorised due dates (as date ordinals) for many starts without pauses or extensions.

    `rule_index[i]` picks the rule of `start_ordinals[i]`. Working-day, calendar-day (with or without
    roll-forward) and backward rules are all read off the precomputed working-day index in a few array
    operations; month and year rules are not supported here (they are rare and need calendar arithmetic).
    """
    import numpy as np

    if any(r.unit in (Unit.MONTHS, Unit.YEARS) for r in rules):
        raise ValueError("batch_due_dates handles day-based rules only")
    counts = np.array([r.count for r in rules], dtype=np.int64)[rule_index]
    kind = np.array([0 if r.backward else (1 if r.unit is Unit.WORKING_DAYS else (2 if r.roll_forward else 3))
                     for r in rules], dtype=np.int8)[rule_index]
    out = np.empty(len(start_ordinals), dtype=np.int64)
    for code, fn in ((1, calendar.batch_nth_working_day_after), (0, calendar.batch_nth_working_day_before)):
        mask = kind == code
        if mask.any():
            out[mask] = fn(start_ordinals[mask], counts[mask])
    mask = kind == 2
    if mask.any():
        out[mask] = calendar.batch_roll_forward(start_ordinals[mask] + counts[mask])
    mask = kind == 3
    out[mask] = start_ordinals[mask] + counts[mask]
    return out
