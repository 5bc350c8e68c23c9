"""Operations (issue 14): /healthz and /readyz, request ids in structured logs, and the database going away
mid-request (503, nothing half-written, working again without a restart)."""
import json
import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine

from caseflow.cases.models import Case, CaseEvent
from caseflow.extensions import db
from caseflow.ops.logs import JsonFormatter


def test_healthz_reads_the_database_and_names_the_request(client):
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-42"})
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert response.headers["X-Request-ID"] == "proxy-42"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id!"}).headers["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()


def test_readyz_checks_migrations_and_that_the_calendar_covers_the_coming_year(client):
    with time_machine.travel(datetime(2025, 6, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json
    assert ready.json["checks"] == {"database": "ok", "migrations": "ok", "calendar": "ok"}
    with time_machine.travel(datetime(2060, 6, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        late = client.get("/readyz")
    assert late.status_code == 503 and late.json["status"] == "not ready"
    assert late.json["checks"]["calendar"].startswith("ends ")


def test_log_lines_are_json_with_the_request_id(app):
    with app.test_request_context("/cases"):
        from flask import g

        g.request_id = "r-1"
        record = logging.LogRecord("caseflow.access", logging.INFO, __file__, 1, "request", None, None)
        record.fields = {"status": 200, "path": "/cases"}
        line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "r-1" and line["status"] == 200 and line["message"] == "request"


@pytest.mark.postgres
def test_a_connection_cut_mid_transition_is_a_503_with_nothing_written_and_the_next_request_works(
        committing_db, api, make, office_team, app):
    clerk = api(office_team["clerk"])
    case = clerk.post("/api/v1/cases", json=make.application(office_team["agency"],
                                                              received_on=date(2025, 9, 12))).json
    killer = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.pool.NullPool)
    cut = []

    def cut_at_the_event(conn, cursor, statement, parameters, context, executemany):
        if not cut and statement.startswith("INSERT INTO case_event"):
            cut.append(conn.connection.dbapi_connection.info.backend_pid)
            with killer.connect() as other:
                other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": cut[0]})

    sa.event.listen(db.engine, "before_cursor_execute", cut_at_the_event)
    try:
        response = clerk.transition(case["id"], "accept", on=date(2025, 9, 16), data={"procedure": "ordinary"},
                                    version=case["version"])
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", cut_at_the_event)
        killer.dispose()
    assert cut and response.status_code == 503, response.json
    assert response.json["error"] == "unavailable"
    db.session.remove()
    assert db.session.get(Case, case["id"]).state == "received"  # the state change went with the transaction
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent)
                             .where(CaseEvent.case_id == case["id"])) == 1
    again = clerk.transition(case["id"], "accept", on=date(2025, 9, 16), data={"procedure": "ordinary"},
                             version=case["version"])
    assert again.status_code == 200 and again.json["case"]["state"] == "accepted"

