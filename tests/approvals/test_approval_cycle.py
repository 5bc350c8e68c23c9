"""Every action a workflow gives to an approver (呈批), through HTTP: proposed, returned with an opinion, proposed
again, approved by each role of its chain. Nothing changes on the case before the last approval; then the action
is applied as its proposer's, with the approvals in its event."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from caseflow.cases.services import register_case
from tests.workflow.test_matrix import DEFINITIONS, RECEIVED, TODAY, Driver, approval_chain

APPROVABLE = [(kind, t["name"]) for kind, doc in DEFINITIONS.items() for t in doc["transitions"] if t.get("approval")]


def _proposer_role(transition: dict, chain: list[str]) -> str:
    """Someone who may take the action but is not one of its approvers (the clerk, the mediator)."""
    return next((r for r in transition["roles"] if r not in chain and r != "system"), transition["roles"][0])


def _case_view(client, case_id) -> dict:
    return client.get(f"/api/v1/cases/{case_id}").json


def _propose(client, case_id, name, version, on, data, previous_id=None, opinion="拟同意"):
    return client.post("/api/v1/approvals", json={
        "case_id": case_id, "transition": name, "version": version, "on": on.isoformat(), "reason": "理由",
        "data": data, "opinion": opinion, "previous_id": previous_id})


@pytest.mark.parametrize("kind, name", APPROVABLE, ids=[f"{k}-{n}" for k, n in APPROVABLE])
def test_proposal_return_reproposal_approval(api, make, db, kind, name):
    doc = DEFINITIONS[kind]
    transition = next(t for t in doc["transitions"] if t["name"] == name)
    chain = approval_chain(transition)
    with time_machine.travel(TODAY, tick=False):
        office = make.office()
        registrar = make.user("clerk", "office_head", "mediator", office=office)
        driver = Driver(kind, make, db, office)
        case = register_case(driver.sample.registration(make, RECEIVED), registrar)
        db.session.commit()
        driver.reach(case, transition["from"][0], registrar, name)
        proposer = driver.person(_proposer_role(transition, chain))
        approvers = [driver.approver(role) for role in chain]
        db.session.commit()
        clerk = api(proposer)
        driver.on += timedelta(days=1)
        created = _propose(clerk, case.id, name, case.version, driver.on, driver.data(transition, name, proposer))
        if created.status_code == 409 and "due_on" in created.json:  # a period must run out first
            driver.on = max(driver.on, date.fromisoformat(created.json["due_on"]) + timedelta(days=1))
            created = _propose(clerk, case.id, name, case.version, driver.on, driver.data(transition, name, proposer))
        on, data = driver.on, driver.data(transition, name, proposer)
        assert created.status_code == 201, created.json
        before = created.json["case"]
        events = clerk.get(f"/api/v1/cases/{case.id}/events").json
        first = created.json["request"]
        assert first["status"] == "pending" and first["awaiting_role"] == chain[0]
        assert [step["role"] for step in first["chain"]] == chain

        # The first approver returns it with an opinion: still nothing on the case.
        head = api(approvers[0])
        no_opinion = head.post(f"/api/v1/approvals/{first['id']}/return", json={})
        assert no_opinion.status_code == 422 and "opinion" in no_opinion.json["errors"]["json"]
        returned = head.post(f"/api/v1/approvals/{first['id']}/return", json={"opinion": "请补充事实依据"})
        assert returned.status_code == 200, returned.json
        assert returned.json["request"]["status"] == "returned"
        assert returned.json["request"]["steps"][0]["opinion"] == "请补充事实依据"
        assert head.post(f"/api/v1/approvals/{first['id']}/approve", json={}).status_code == 409
        assert _case_view(clerk, case.id) == before

        # Proposed again, following the returned one; approved stage by stage.
        again = _propose(clerk, case.id, name, case.version, on, data, previous_id=first["id"], opinion="已补充")
        assert again.status_code == 201, again.json
        request_id = again.json["request"]["id"]
        assert again.json["request"]["previous_id"] == first["id"]
        for n, approver in enumerate(approvers):
            assert _case_view(clerk, case.id) == before  # nothing before the last approval
            done = api(approver).post(f"/api/v1/approvals/{request_id}/approve",
                                      json={"opinion": f"同意{n}", "on": on.isoformat()})
            assert done.status_code == 200, done.json
        event = done.json["event"]
        assert event["name"] == name and event["actor"] == proposer.display_name
        assert event["approver"] == approvers[-1].display_name and event["effective_on"] == on.isoformat()
        record = event["payload"]["approval"]
        assert record["opinion"] == "已补充" and [s["opinion"] for s in record["steps"]] == [
            f"同意{n}" for n in range(len(approvers))]
        after = done.json["case"]
        assert after["version"] == before["version"] + 1
        assert len(clerk.get(f"/api/v1/cases/{case.id}/events").json) == len(events) + 1
        assert done.json["request"]["status"] == "approved" and done.json["request"]["event_id"] == event["id"]
        # Both requests stay on the case's record (after those of the steps that brought it here).
        kept = clerk.get(f"/api/v1/approvals?scope=case&case_id={case.id}").json
        assert [(r["id"], r["status"]) for r in kept if r["id"] >= first["id"]] == [
            (first["id"], "returned"), (request_id, "approved")]
