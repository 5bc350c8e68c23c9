"""Recompute every open deadline after a calendar notice, as the scheduler does, on a database loaded by
bench/load_cases.py (1,000,000 cases: about 1.3 million open deadlines).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_scale python bench/bench_recompute.py [DAY]

Declares DAY (default 2027-01-04, a Monday) a holiday by a correction, which queues the recompute
(caseflow.cases.services.on_calendar_changed), runs the queued job in committed batches with the case events of
the deadlines it moved (caseflow.cases.services.run_recompute), then puts the day back the same way. Prints the
deadlines checked and moved, events written and the time each took.
"""
from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(day: date) -> None:
    from caseflow import create_app
    from caseflow.calendar.models import CalendarDay
    from caseflow.calendar.services import correct_day
    from caseflow.calendar.workdays import DayType
    from caseflow.cases.models import CaseEvent
    from caseflow.cases.services import pending_recomputes, run_recompute
    from caseflow.deadlines.models import RecomputeJob
    from caseflow.extensions import db

    app = create_app("development", SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"], RECOMPUTE_INLINE_LIMIT=0)
    with app.app_context():
        RecomputeJob.__table__.create(db.engine, checkfirst=True)
        original = db.session.get(CalendarDay, day)
        kind, name = DayType(original.day_type), original.name
        for label, new_type, new_name in (("declared a holiday", DayType.HOLIDAY, "基准测试假日"),
                                          ("put back", kind, name)):
            events_before = db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent))
            t0 = time.perf_counter()
            correct_day(day, new_type, new_name, "bench", f"基准测试：{day.isoformat()} {label}")
            db.session.commit()
            t_queue = time.perf_counter() - t0
            t0 = time.perf_counter()
            done = [run_recompute(job) for job in pending_recomputes()]
            elapsed = time.perf_counter() - t0
            events = db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent)) - events_before
            checked, moved = sum(j.checked for j in done), sum(j.moved for j in done)
            print(f"{day.isoformat()} {label}: queued in {t_queue:.2f} s; {checked:,} open deadlines checked, "
                  f"{moved:,} moved, {events:,} case events written in {elapsed:.1f} s "
                  f"({checked / elapsed:,.0f} deadlines per second)")


if __name__ == "__main__":
    main(date.fromisoformat(sys.argv[1]) if len(sys.argv) > 1 else date(2027, 1, 4))
