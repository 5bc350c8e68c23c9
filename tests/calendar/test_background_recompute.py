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
    assert done.status == "done" and done.checked >= 2 and done.moved == 1
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
