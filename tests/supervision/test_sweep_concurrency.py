"""On PostgreSQL, sweeps in separate processes: three at once give exactly one step and one notice per lapse; a
sweep killed (SIGKILL) halfway and a second one give none twice and none missing."""
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from caseflow.cases.models import CaseEvent
from caseflow.cases.services import apply_transition, register_case
from caseflow.supervision.models import Notice, SweepRun
from tests.conftest import Factory
from tests.workflow.kind_samples import SAMPLES

SAMPLE = SAMPLES["reconsideration"]

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2025-10-20"
SCRIPT = """
import sys
from datetime import date
from caseflow import create_app
from caseflow.supervision.sweep import sweep
app = create_app("testing", SQLALCHEMY_DATABASE_URI=sys.argv[1])
with app.app_context():
    run = sweep(date.fromisoformat(sys.argv[2]))
    print(run.id, dict(run.counts), len(run.errors))
"""


def _cases(db, app, n: int) -> None:
    """`n` cases whose acceptance review lapsed (deemed accepted by the sweep) and `n` whose reply lapsed (no reply
    recorded by the sweep, and two E1 notices each)."""
    make = Factory()
    office = make.office()
    clerk = make.user("clerk", office=office)
    db.session.commit()
    for _ in range(n):
        register_case(SAMPLE.registration(make, date(2025, 9, 12)), clerk)
        case = register_case(SAMPLE.registration(make, date(2025, 9, 12)), clerk)
        apply_transition(case, "accept", actor=clerk, on=date(2025, 9, 16), data={"procedure": "ordinary"})
        apply_transition(case, "forward_copy", actor=clerk, on=date(2025, 9, 17),
                         data={"service": {"method": "direct", "received_on": "2025-09-17"}})
        db.session.commit()


def _start(url: str, env: dict | None = None):
    return subprocess.Popen([sys.executable, "-c", SCRIPT, url, AS_OF], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})


def _totals(db) -> tuple[int, int, int]:
    count = db.session.scalar
    return (count(sa.select(sa.func.count()).where(CaseEvent.name == "deem_accepted")),
            count(sa.select(sa.func.count()).where(CaseEvent.name == "record_no_reply")),
            count(sa.select(sa.func.count()).select_from(Notice).where(Notice.type == "E1")))


@pytest.mark.postgres
def test_three_sweeps_at_once_do_each_thing_once(app, committing_db, database_url):
    db = committing_db
    _cases(db, app, 15)
    db.session.remove()
    processes = [_start(database_url) for _ in range(3)]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert all(p.returncode == 0 for p in processes), [err for _out, err in outputs]
    assert _totals(db) == (15, 15, 30)
    # The work was shared, not repeated: together the three handled each case once.
    runs = db.session.scalars(sa.select(SweepRun).where(SweepRun.status == "done")).all()
    assert len(runs) == 3 and sum(r.counts.get("steps", 0) for r in runs) == 30
    assert all(r.errors == [] for r in runs)


@pytest.mark.postgres
def test_a_sweep_killed_halfway_then_another_leaves_nothing_twice_and_nothing_missing(app, committing_db,
                                                                                      database_url):
    db = committing_db
    _cases(db, app, 10)
    db.session.remove()
    killed = _start(database_url, {"CASEFLOW_SWEEP_PAUSE_AFTER": "6"})
    deadline = time.monotonic() + 120
    while sum(_totals(db)[:2]) < 6 and time.monotonic() < deadline:  # six cases done, then it pauses
        db.session.remove()
        time.sleep(0.2)
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=30)
    db.session.remove()
    partial = _totals(db)
    assert 0 < sum(partial[:2]) < 20
    second = _start(database_url)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    db.session.remove()
    assert _totals(db) == (10, 10, 20)
    unfinished = db.session.scalars(sa.select(SweepRun).where(SweepRun.status == "running")).all()
    assert len(unfinished) == 1 and unfinished[0].finished_at is None  # the killed run shows as never finished


def test_the_sweep_reads_only_what_is_due(app, db, make, office_team):
    """A case with nothing near its last day is not even read."""
    from caseflow.supervision.sweep import candidate_case_ids

    fresh = register_case(SAMPLE.registration(make, date(2025, 9, 12)), office_team["clerk"])
    assert fresh.id in candidate_case_ids(date(2025, 9, 22))
    assert fresh.id not in candidate_case_ids(date(2025, 9, 12) - timedelta(days=30))
