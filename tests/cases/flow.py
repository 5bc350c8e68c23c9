"""Drive one case through the HTTP API as an office would: the clerk acts; an action that needs approval is
approved by the person the workflow names (the office head, or the organ leader for a decision)."""
from __future__ import annotations

from datetime import date

import yaml

with open("workflows/reconsideration.yaml", encoding="utf-8") as fh:
    APPROVALS = {t["name"]: t.get("approval") for t in yaml.safe_load(fh)["transitions"]}


class Flow:
    def __init__(self, api, team, case: dict):
        self.clerk = api(team["clerk"])
        self.team = team
        self.case = case
        self.id = case["id"]

    def do(self, name, on, data=None, reason="", expect=200, client=None):
        """Fire `name` effective `on`; returns the response body (the case is kept as `self.case`)."""
        data = dict(data or {})
        approval = APPROVALS.get(name)
        if approval and "approver_id" not in data:
            data["approver_id"] = (self.team["organ"] if approval == "organ_leader" else self.team["head"]).id
        response = (client or self.clerk).transition(self.id, name, on=on, data=data, reason=reason)
        body = response.json or {}
        assert response.status_code == expect, (response.status_code, body.get("error"), body.get("errors"),
                                                body.get("message"))
        if response.status_code == 200:
            self.case = response.json["case"]
        return response.json

    def deadlines(self, rule, status=None):
        return [d for d in self.case["deadlines"] if d["rule_id"] == rule and (status is None or d["status"] == status)]

    def due(self, rule) -> str | None:
        running = self.deadlines(rule, "running")
        return running[-1]["due_on"] if running else None


def day(text: str) -> date:
    return date.fromisoformat(text)
