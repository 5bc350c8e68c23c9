"""A calendar change with more open deadlines than RECOMPUTE_INLINE_LIMIT is queued for the scheduler process,
which recomputes them in committed batches, writes the case events and resumes where it stopped (issue 14)."""
from datetime import date

import sqlalchemy as sa

from caseflow.calendar.services import correct_day
from caseflow.calendar.workdays import DayType
from caseflow.cases.models import CaseEvent
from caseflow.cases.services import pending_recomputes, run_recompute
from caseflow.deadlines.models import Deadline, RecomputeJob
from caseflow.supervision.scheduler import recompute_deadlines
from tests.calendar.test_calendar_data import _provisional_case


def test_a_large_change_is_queued_then_done_in_batches_with_events(api, make, office_team, db, app, monkeypatch):
    case, deadline = _provisional_case(api, make, office_team, db)
    before, deadline_id, case_id = deadline.due_on, deadline.id, case.id
    monkeypatch.setitem(app.config, "RECOMPUTE_INLINE_LIMIT", 0)
    assert correct_day(date(2027, 2, 4), DayType.HOLIDAY, "特别假日", "admin", "国务院特别通知") == []
    db.session.commit()
    assert db.session.get(Deadline, deadline_id).due_on == before  # not yet: queued
    [job] = pending_recomputes()
    assert job.status == "queued" and job.reason_zh

    done = run_recompute(job, batch=1)  # one deadline a batch: several commits
    # only the deadline whose period includes the day is read (not the case's own review clock, long over)
    assert done.status == "done" and done.checked == 1 and done.moved == 1
    db.session.expire_all()
    moved = db.session.get(Deadline, deadline_id)
    assert moved.due_on > before
    events = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == case_id,
                                                           CaseEvent.name == "deadline_recomputed")).all()
    assert len(events) == 1 and events[0].payload["to"] == moved.due_on.isoformat()
    assert pending_recomputes() == []
    recompute_deadlines()  # the scheduler's job: nothing left to do
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecomputeJob)) == 1


def test_a_small_change_is_recomputed_in_the_request(api, make, office_team, db):
    _case, deadline = _provisional_case(api, make, office_team, db)
    changes = correct_day(date(2027, 2, 4), DayType.HOLIDAY, "特别假日", "admin", "国务院特别通知")
    assert [c["deadline_id"] for c in changes] == [deadline.id] and pending_recomputes() == []


def test_only_the_deadlines_whose_period_includes_the_changed_day_are_read_and_the_rest_stay_right(
        api, make, office_team, db, app, monkeypatch):
    """A correction of one day reads the deadlines whose period (start day to due date) includes it, and after it
    every open deadline has exactly the date and mark a recompute of all of them would give (issue 14)."""
    from caseflow.calendar.services import current_calendar
    from caseflow.deadlines import queries
    from caseflow.deadlines.services import computation

    clerk = api(office_team["clerk"])
    for day in (1, 2, 3):  # clocks of September 2025: nowhere near the corrected day
        clerk.post("/api/v1/cases", json=make.application(office_team["agency"], received_on=date(2025, 9, day)))
    _case, deadline = _provisional_case(api, make, office_team, db)
    everything = queries.open_count()
    touching = queries.open_count((date(2027, 2, 4), date(2027, 2, 4)))
    assert 1 <= touching < everything
    monkeypatch.setitem(app.config, "RECOMPUTE_INLINE_LIMIT", 0)
    correct_day(date(2027, 2, 4), DayType.HOLIDAY, "特别假日", "admin", "国务院特别通知")
    db.session.commit()
    [job] = pending_recomputes()
    assert (job.changed_from, job.changed_to) == (date(2027, 2, 4), date(2027, 2, 4))
    done = run_recompute(job)
    assert done.checked == touching and done.moved == 1
    db.session.expire_all()
    calendar = current_calendar()
    for row in db.session.scalars(sa.select(Deadline).where(Deadline.status.in_(("running", "paused")))):
        fresh = computation(row, calendar, detail=False)
        assert (row.due_on, row.provisional) == (fresh.due_on, fresh.provisional or row.awaiting_receipt)
