"""Two clerks on one case at once: exactly one wins, the others get 409, the log gains exactly one event."""
import threading
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.cases.models import Case, CaseEvent
from tests.conftest import PASSWORD, Factory


@pytest.mark.postgres
def test_twenty_threads_fire_conflicting_transitions(app, committing_db):
    db = committing_db
    make = Factory()
    office = make.office()
    clerk = make.user("clerk", office=office)
    agency = make.agency()
    db.session.commit()
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": clerk.username, "password": PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    case_id = client.post("/api/v1/cases", json=make.application(agency, received_on=date(2025, 9, 12)),
                          headers=headers).json["id"]
    events_before = db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(CaseEvent.case_id == case_id))
    db.session.remove()

    requests = []
    for n in range(20):
        if n % 2:
            requests.append({"transition": "accept", "version": 1, "on": "2025-09-16", "data": {"procedure": "ordinary"}})
        else:
            requests.append({"transition": "request_supplement", "version": 1, "on": "2025-09-16",
                             "data": {"items": "补充证据", "service": {"method": "mail"}}})
    barrier = threading.Barrier(len(requests))
    statuses = []

    def fire(body):
        own = app.test_client()
        barrier.wait()
        statuses.append(own.post(f"/api/v1/cases/{case_id}/transitions", json=body, headers=headers).status_code)

    threads = [threading.Thread(target=fire, args=(body,)) for body in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(statuses) == [200] + [409] * 19
    with app.app_context():
        events_after = db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(CaseEvent.case_id == case_id))
        case = db.session.get(Case, case_id)
        assert events_after == events_before + 1
        assert case.version == 2 and case.state in ("accepted", "awaiting_supplement")
