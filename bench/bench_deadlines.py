"""Compute 1,000,000 due dates with the clock engine and with a naive day-by-day loop over the same inputs.

    python bench/bench_deadlines.py [N]

Both sides use the same in-memory calendar (no database in the loop). The engine's batch path reads the
precomputed working-day index (numpy); the scalar path is what a request uses. Prints rates and ratios.
"""
from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from caseflow.calendar.periods import batch_due_dates, compute_due  # noqa: E402
from caseflow.calendar.rules import Unit, load_catalogue  # noqa: E402
from caseflow.calendar.seed import seed_days  # noqa: E402
from caseflow.calendar.workdays import WorkingCalendar  # noqa: E402

RULES = ["reconsideration.acceptance_review", "reconsideration.forward_copy", "reconsideration.reply",
         "reconsideration.decision", "reconsideration.decision_simplified", "litigation.after_decision",
         "adjudication.procurement.decision"]


def naive(rule, start: date, working: set[date]) -> date:
    """How a person counts on paper: one day at a time."""
    d = start
    if rule.unit is Unit.WORKING_DAYS:
        n = 0
        while n < rule.count:
            d += timedelta(days=1)
            if d in working:
                n += 1
        return d
    d = start + timedelta(days=rule.count)
    while d not in working:
        d += timedelta(days=1)
    return d


def main(n: int = 1_000_000) -> None:
    catalogue = load_catalogue(Path(__file__).resolve().parents[1] / "workflows")
    calendar = WorkingCalendar.from_days(seed_days()[0])
    working = {d.day for d in calendar.days(date(2003, 12, 31), date(2027, 12, 31)) if d.is_working}
    rng = np.random.default_rng(20261122)
    base = date(2024, 1, 1).toordinal()
    starts = base + rng.integers(0, 3 * 365, size=n)
    rule_ix = rng.integers(0, len(RULES), size=n)
    rules = [catalogue.get(r) for r in RULES]

    t0 = time.perf_counter()
    batch = batch_due_dates(rules, rule_ix, starts, calendar)
    t_batch = time.perf_counter() - t0

    sample = min(n, 100_000)  # the slow paths are timed on a sample and scaled to rates
    start_dates = [date.fromordinal(int(o)) for o in starts[:sample]]
    t0 = time.perf_counter()
    naive_out = [naive(rules[rule_ix[i]], start_dates[i], working) for i in range(sample)]
    t_naive = time.perf_counter() - t0
    t0 = time.perf_counter()
    scalar_out = [compute_due(rules[rule_ix[i]], start_dates[i], calendar, detail=False).due_on
                  for i in range(sample)]
    t_scalar = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(sample // 10):
        compute_due(rules[rule_ix[i]], start_dates[i], calendar)
    t_explained = (time.perf_counter() - t0) * 10

    mismatches = sum(1 for i in range(sample) if naive_out[i].toordinal() != batch[i] or scalar_out[i] != naive_out[i])
    batch_rate = n / t_batch
    naive_rate = sample / t_naive
    scalar_rate = sample / t_scalar
    print(f"due dates computed        : {n:,} (batch), {sample:,} (naive and scalar samples)")
    print(f"engine, batch (numpy)     : {batch_rate:14,.0f} per second  ({t_batch:.3f} s for {n:,})")
    print(f"engine, scalar            : {scalar_rate:14,.0f} per second  (one due date, as stored on a case)")
    print(f"engine, scalar, explained : {sample / t_explained:14,.0f} per second  (with the day-by-day explanation)")
    print(f"naive day-by-day loop     : {naive_rate:14,.0f} per second")
    print(f"ratio batch / naive       : {batch_rate / naive_rate:10.1f}x   (required: >= 50x)")
    print(f"ratio scalar / naive      : {scalar_rate / naive_rate:10.1f}x")
    print(f"mismatches on the sample  : {mismatches}")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
