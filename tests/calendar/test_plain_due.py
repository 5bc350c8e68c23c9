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


def test_a_remembered_date_is_the_calendars_own_and_a_new_calendar_answers_anew():
    """The fast path remembers its answers per calendar; a notice builds a new calendar, which must not reuse them."""
    rule = next(r for r in RULES if r.unit is Unit.WORKING_DAYS)
    start = date(2026, 9, 25)  # the count runs over the National Day holiday
    first = compute_due(rule, start, CALENDAR, detail=False)
    assert compute_due(rule, start, CALENDAR, detail=False) is first  # remembered
    days = seed_days()[0]
    # a notice makes every day of the period a rest day: the same question on the new calendar has a later answer
    changed = WorkingCalendar.from_days([d if not start < d.day <= first.due_on else
                                         type(d)(d.day, type(d.day_type).HOLIDAY, "假日", True) for d in days])
    later = compute_due(rule, start, changed, detail=False)
    assert later.due_on > first.due_on and compute_due(rule, start, CALENDAR, detail=False).due_on == first.due_on
    assert later.due_on == compute_due(rule, start, changed, detail=True).due_on
