"""Nothing half-written: a crash inside a transition leaves no trace; events are never changed or removed."""
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.cases.models import Case, CaseEvent
from caseflow.deadlines.models import Deadline


@pytest.fixture
def case_id(api, make, office_team):
    body = make.application(office_team["agency"], received_on=date(2025, 9, 12))
    return api(office_team["clerk"]).post("/api/v1/cases", json=body).json["id"]


def snapshot(db, case_id):
    case = db.session.get(Case, case_id)
    db.session.refresh(case)
    return (case.state, case.version,
            db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(CaseEvent.case_id == case_id)),
            tuple(db.session.execute(sa.select(Deadline.rule_id, Deadline.status, Deadline.due_on)
                                     .where(Deadline.case_id == case_id).order_by(Deadline.id)).all()))


def test_crash_in_the_middle_of_a_transition_leaves_no_trace(api, office_team, case_id, db, monkeypatch):
    import caseflow.deadlines.services as clocks

    before = snapshot(db, case_id)

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(clocks, "start", explode)  # fails after the state and the event were flushed
    response = api(office_team["clerk"]).transition(case_id, "accept", on="2025-09-16", data={"procedure": "ordinary"})
    assert response.status_code == 500
    assert "未保存" in response.json["message"]  # in the request's language: Chinese by default
    assert snapshot(db, case_id) == before


def test_events_cannot_be_updated_or_deleted_through_the_orm(db, case_id):
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.case_id == case_id))
    event.reason = "rewritten history"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.case_id == case_id))
    db.session.delete(event)
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
    db.session.rollback()


@pytest.mark.postgres
def test_postgresql_refuses_to_change_events(db, case_id):
    """The trigger exists on PostgreSQL only; SQLite relies on the ORM guard above."""
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with db.session.begin_nested():
            db.session.execute(sa.text("UPDATE case_event SET reason = 'x' WHERE case_id = :c"), {"c": case_id})
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with db.session.begin_nested():
            db.session.execute(sa.text("DELETE FROM case_event WHERE case_id = :c"), {"c": case_id})


def test_a_busy_database_is_a_503_to_retry_not_a_crash(api, office_team, case_id, db, monkeypatch):
    import caseflow.cases.services as services

    def busy(*args, **kwargs):
        raise sa.exc.OperationalError("UPDATE case", {}, Exception("database is locked"))

    before = snapshot(db, case_id)
    monkeypatch.setattr(services, "_append_event", busy)
    response = api(office_team["clerk"]).transition(case_id, "accept", on="2025-09-16", data={"procedure": "ordinary"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    assert response.json["error"] == "busy"
    assert snapshot(db, case_id) == before
