"""Drive one case through the HTTP API as an office would: the clerk acts; an action that needs approval is
proposed by the clerk and approved by each person its chain names (the office head, then the organ leader for a
decision)."""
from __future__ import annotations

from datetime import date

import yaml


def _transitions(kind: str) -> dict:
    with open(f"workflows/{kind}.yaml", encoding="utf-8") as fh:
        return {t["name"]: t for t in yaml.safe_load(fh)["transitions"]}


KIND_TRANSITIONS = {kind: _transitions(kind) for kind in ("reconsideration", "mediation", "adjudication")}
TRANSITIONS = KIND_TRANSITIONS["reconsideration"]


def approval_chain(name: str, transitions=None) -> list[str]:
    """The roles that approve `name`, in turn (`approval: role` or `approval: {by: [...]}`)."""
    approval = (transitions or TRANSITIONS)[name].get("approval")
    if not approval:
        return []
    by = approval if isinstance(approval, str) else approval["by"]
    return [by] if isinstance(by, str) else list(by)


APPROVER_KEYS = {"office_head": "head", "organ_leader": "organ"}


def _iso(on):
    return on.isoformat() if isinstance(on, date) else on


def act(client, case_id, name, on, data=None, reason="", expect=200, *, approvers, transitions=None,
        opinion="拟同意", version=None, kind=None):
    """Fire `name` on case `case_id` effective `on` as `client` would in the office: a document it serves is
    handed over and signed for that day unless `data` says otherwise; an action that needs approval is proposed
    by `client` and approved on that day by `approvers[role]` for each role of its chain. Returns the last
    response's body, after checking its status is `expect`."""
    transitions = transitions or KIND_TRANSITIONS[kind or "reconsideration"]
    data = dict(data or {})
    if transitions[name].get("serves") and "service" not in data and "services" not in data:
        data["service"] = {"method": "direct", "received_on": _iso(on)}
    chain = approval_chain(name, transitions)
    if not chain:
        response = client.transition(case_id, name, on=on, data=data, reason=reason, version=version)
    else:
        if version is None:
            version = client.get(f"/api/v1/cases/{case_id}").json["version"]
        response = client.post("/api/v1/approvals", json={
            "case_id": case_id, "transition": name, "version": version, "reason": reason, "data": data,
            "opinion": opinion, "on": _iso(on)})
        if response.status_code == 201:
            for role in chain:
                response = approvers[role].post(f"/api/v1/approvals/{response.json['request']['id']}/approve",
                                                json={"on": _iso(on)})
                if response.status_code != 200:
                    break
    body = response.json or {}
    assert response.status_code == expect, (response.status_code, body.get("error"), body.get("errors"),
                                            body.get("message"))
    return response.json


class Flow:
    def __init__(self, api, team, case: dict, transitions=None):
        self.api = api
        self.clerk = api(team["clerk"])
        self.team = team
        self.case = case
        self.id = case["id"]
        self.transitions = transitions or TRANSITIONS
        self.approvers = {role: api(team[key]) for role, key in APPROVER_KEYS.items()}

    def do(self, name, on, data=None, reason="", expect=200, client=None, opinion="拟同意"):
        """Fire `name` effective `on` (see `act`); the case is kept as `self.case`."""
        body = act(client or self.clerk, self.id, name, on, data, reason, expect, approvers=self.approvers,
                   transitions=self.transitions, opinion=opinion, version=self.case["version"])
        if expect == 200:
            self.case = body["case"]
        return body

    def refresh(self) -> dict:
        """Reload the case, as a clerk would after someone (the scheduler's sweep) changed it."""
        self.case = self.clerk.get(f"/api/v1/cases/{self.id}").json
        return self.case

    def propose(self, name, on, data=None, reason="", client=None, opinion="拟同意", previous_id=None):
        body = {"case_id": self.id, "transition": name, "version": self.case["version"], "reason": reason,
                "data": data or {}, "opinion": opinion, "previous_id": previous_id, "on": _iso(on)}
        return (client or self.clerk).post("/api/v1/approvals", json=body)

    def deadlines(self, rule, status=None):
        return [d for d in self.case["deadlines"] if d["rule_id"] == rule and (status is None or d["status"] == status)]

    def due(self, rule) -> str | None:
        running = self.deadlines(rule, "running")
        return running[-1]["due_on"] if running else None


def day(text: str) -> date:
    return date.fromisoformat(text)


def _receipt(self, service_id, received_on, evidence=None, expect=200):
    response = self.clerk.post(f"/api/v1/cases/{self.id}/services/{service_id}/receipt",
                               json={"version": self.case["version"], "received_on": received_on, "evidence": evidence})
    assert response.status_code == expect, response.json
    if response.status_code == 200:
        self.case = response.json["case"]
    return response.json


Flow.receipt = _receipt


def approve_through(case, name, *, actor, approvers, on, data=None, reason="", opinion="拟同意"):
    """In process: `actor` proposes `name` and each of `approvers` approves it on day `on`; returns the event."""
    from caseflow.approvals import services as approvals

    request = approvals.propose(case, name, actor=actor, on=on, version=case.version, reason=reason,
                                data=data or {}, opinion=opinion)
    event = None
    for approver in approvers:
        event = approvals.approve(request, approver, "同意", on=on)
    return event
