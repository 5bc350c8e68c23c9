"""The stored due date's fast path (compute_due with detail=False and nothing but a start and a count) gives the
dates and provisional mark of the full computation, for every day-based rule and any start (issue 14)."""
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from caseflow.calendar.periods import compute_due
from caseflow.calendar.rules import Unit, load_catalogue
from caseflow.calendar.seed import seed_days
from caseflow.calendar.workdays import WorkingCalendar

CALENDAR = WorkingCalendar.from_days(seed_days()[0])
RULES = [r for r in load_catalogue(Path(__file__).resolve().parents[2] / "workflows").latest()
         if r.unit in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS) and not r.backward]


@settings(max_examples=400, deadline=None)
@given(rule=st.sampled_from(RULES), start=st.dates(date(2004, 1, 2), date(2059, 12, 31)),
       count=st.one_of(st.none(), st.integers(1, 120)))
def test_the_fast_path_agrees_with_the_explained_computation(rule, start, count):
    fast = compute_due(rule, start, CALENDAR, count=count, detail=False)
    full = compute_due(rule, start, CALENDAR, count=count, detail=True)
    assert (fast.due_on, fast.nominal_on, fast.provisional) == (full.due_on, full.nominal_on, full.provisional)


def test_both_kinds_of_rule_are_exercised():
    assert {r.unit for r in RULES} == {Unit.WORKING_DAYS, Unit.CALENDAR_DAYS}
    assert CALENDAR.last - timedelta(days=300) > date(2059, 12, 31)  # 120 working days fit after any start
