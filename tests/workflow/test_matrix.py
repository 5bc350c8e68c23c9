"""Every (state, transition, role) of every kind's workflow, derived from workflows/*.yaml, through the one service.

An allowed combination (the state is a source of the transition and the role one of its roles) must succeed: the
case is brought to the state by the shortest path the workflow offers, with the data its fields declare, on the
earliest day the law allows. A refused combination must be refused with the documented status and nothing else:
409 (transition_not_allowed) for the state, 403 (forbidden) for the role. Any other exception fails the test.
"""
from __future__ import annotations

import itertools
from collections import deque
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
import yaml

from caseflow.approvals import services as approvals
from caseflow.auth.models import SYSTEM_ACTOR, Role
from caseflow.cases.services import apply_transition, register_case
from caseflow.errors import GuardFailed, PermissionDenied, TransitionNotAllowed
from tests.workflow.kind_samples import SAMPLES

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"
TODAY = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
RECEIVED = date(2025, 9, 1)
ROLES = [r.value for r in Role]


def _definitions():
    out = {}
    for path in sorted(WORKFLOWS.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        if "states" in doc:
            out[doc["kind"]] = doc
    return out


DEFINITIONS = _definitions()
ALLOWED = [(kind, state, t["name"], role) for kind, doc in DEFINITIONS.items()
           for state, t, role in itertools.product(doc["states"], doc["transitions"], ROLES)
           if state in t["from"] and role in t["roles"]]
TRANSITIONS = [(kind, t["name"]) for kind, doc in DEFINITIONS.items() for t in doc["transitions"]]


def approval_chain(transition: dict) -> list[str]:
    """The roles that approve a transition, in turn (`approval: role` or `approval: {by: [...]}`)."""
    approval = transition.get("approval")
    if not approval:
        return []
    by = approval if isinstance(approval, str) else approval["by"]
    return [by] if isinstance(by, str) else list(by)


def _path(doc: dict, target: str, start: str | None = None) -> list[str]:
    """The shortest sequence of transitions from `start` (default: the initial state) to `target`."""
    start = start or doc["initial"]
    queue, seen = deque([(start, [])]), {start}
    while queue:
        state, steps = queue.popleft()
        if state == target:
            return steps
        for t in doc["transitions"]:
            if state in t["from"] and t["to"] not in seen and t["to"] not in ("@same", "@previous"):
                seen.add(t["to"])
                queue.append((t["to"], steps + [t["name"]]))
    raise AssertionError(f"{target} is unreachable")


class Driver:
    """Moves one case along a path, with data made from each transition's declared fields."""

    def __init__(self, kind, make, db, office):
        self.kind, self.make, self.db, self.office = kind, make, db, office
        self.case = None
        self.sample = SAMPLES[kind]
        self.people: dict[str, object] = {}
        self.on = RECEIVED

    def person(self, role):
        if role not in self.people:
            self.people[role] = self.make.user(role, office=self.office)
        return self.people[role]

    def data(self, transition: dict, target: str | None, actor) -> dict:
        choices = DEFINITIONS[self.kind].get("choices", {})
        data = {}
        for f in transition.get("fields") or []:
            kind = f["type"]
            if kind == "date":
                data[f["name"]] = (self.on + timedelta(days=30) if f.get("after_on") else self.on).isoformat()
            elif kind in ("text", "string"):
                data[f["name"]] = "测试内容"
            elif kind == "integer":
                data[f["name"]] = f.get("min", 1)
            elif kind == "boolean":
                data[f["name"]] = True
            elif kind == "choice":
                data[f["name"]] = choices[f["choices"]][0]["value"]
            elif kind == "user":
                data[f["name"]] = self.person(f["role"]).id
        if transition.get("effect"):
            data.update(self.sample.effect_data(transition["effect"], self))
        if transition.get("serves"):  # handed over and signed for that day
            data["service"] = {"method": "direct", "received_on": self.on.isoformat()}
        data.update(self.sample.always.get(transition["name"], {}))
        data.update(self.sample.hints.get(target, {}).get(transition["name"], {}))
        data = {k: v for k, v in data.items() if v is not None}
        return data

    def approver(self, role):
        """An approver of `role` who is not the actor (one may not approve one's own proposal)."""
        key = f"approver:{role}"
        if key not in self.people:
            self.people[key] = self.make.user(role, office=self.office)
        return self.people[key]

    def apply(self, case, transition: dict, actor, data: dict):
        """Apply the transition; one that needs approval is proposed by `actor` and approved by its chain."""
        chain = approval_chain(transition)
        if not chain:
            return apply_transition(case, transition["name"], actor=actor, on=self.on, reason="理由", data=data)
        request = approvals.propose(case, transition["name"], actor=actor, on=self.on, version=case.version,
                                    reason="理由", data=data)
        event = None
        for role in chain:
            event = approvals.approve(request, self.approver(role), on=self.on)
        return event

    def fire(self, case, name, actor, target=None):
        """Fire `name` the day after the last step; a guard that names the day a period runs out is met by
        acting the day after it (the earliest day the law allows)."""
        transition = next(t for t in DEFINITIONS[self.kind]["transitions"] if t["name"] == name)
        self.on += timedelta(days=1)
        for _attempt in range(3):
            try:
                event = self.apply(case, transition, actor, self.data(transition, target, actor))
                self.db.session.commit()  # each step stands; a refused later attempt rolls back only itself
                return event
            except GuardFailed as exc:
                if "due_on" not in exc.extra:
                    raise
                self.db.session.rollback()
                self.on = max(self.on, date.fromisoformat(exc.extra["due_on"]) + timedelta(days=1))
        raise AssertionError(f"{name} never became possible")

    def reach(self, case, state: str, actor, target: str) -> None:
        """Bring `case` to `state` by the shortest path, firing the kind's prelude steps as soon as they are
        allowed and the target's own preparations once the state is reached."""
        self.case = case
        doc = DEFINITIONS[self.kind]
        prelude = list(self.sample.prelude)

        def allowed_now(step):
            return case.state in next(t for t in doc["transitions"] if t["name"] == step)["from"]

        def run_prelude():
            for step in [s for s in prelude if allowed_now(s)]:
                prelude.remove(step)
                self.fire(case, step, actor, target)

        run_prelude()
        via = self.sample.via.get(target)
        path = _path(doc, via) + _path(doc, state, start=via) if via and via != state else _path(doc, state)
        for step in path:
            for prepared in self.sample.prepare.get(step, ()):
                if allowed_now(prepared):
                    self.fire(case, prepared, actor, target)
            self.fire(case, step, actor, target)
            run_prelude()
        for step in self.sample.before.get(target, ()):
            if allowed_now(step):
                self.fire(case, step, actor, target)


@pytest.fixture
def setting(make, db):
    office = make.office()
    registrar = make.user("clerk", "office_head", "mediator", office=office)
    db.session.commit()
    return office, registrar


@pytest.mark.parametrize("kind, state, transition, role", ALLOWED,
                         ids=[f"{k}-{s}-{t}-{r}" for k, s, t, r in ALLOWED])
def test_allowed_combination_succeeds(setting, make, db, kind, state, transition, role):
    doc = DEFINITIONS[kind]
    definition = next(t for t in doc["transitions"] if t["name"] == transition)
    office, registrar = setting
    with time_machine.travel(TODAY, tick=False):
        driver = Driver(kind, make, db, office)
        user = SYSTEM_ACTOR if role == "system" else driver.person(role)
        case = register_case(driver.sample.registration(make, RECEIVED), registrar)
        db.session.commit()
        driver.reach(case, state, registrar, transition)
        assert case.state == state
        previous = case.previous_state
        event = driver.fire(case, transition, user, target=transition)
    target = {"@same": state, "@previous": previous}.get(definition["to"], definition["to"])
    assert (event.name, event.from_state, event.to_state, case.state) == (transition, state, target, target)


@pytest.mark.parametrize("kind, transition", TRANSITIONS, ids=[f"{k}-{t}" for k, t in TRANSITIONS])
def test_refused_combinations_get_the_documented_status(setting, make, db, kind, transition):
    """Every (state, role) the definition does not allow: 409 for the state, else 403 for the role."""
    doc = DEFINITIONS[kind]
    definition = next(t for t in doc["transitions"] if t["name"] == transition)
    office, registrar = setting
    driver = Driver(kind, make, db, office)
    case = register_case(driver.sample.registration(make, RECEIVED), registrar)
    db.session.commit()
    driver.case = case
    refused = 0
    for state, role in itertools.product(doc["states"], ROLES):
        allowed_state, allowed_role = state in definition["from"], role in definition["roles"]
        if allowed_state and allowed_role:
            continue
        user = SYSTEM_ACTOR if role == "system" else driver.person(role)
        case.state = state  # the state and the role are checked before anything else is read
        expected = PermissionDenied if allowed_state else TransitionNotAllowed
        with pytest.raises(expected) as info:
            apply_transition(case, transition, actor=user, on=driver.on, data={})
        assert info.value.status == (403 if allowed_state else 409), (state, role)
        refused += 1
    assert refused == len(doc["states"]) * len(ROLES) - len(definition["from"]) * len(
        set(definition["roles"]) & set(ROLES))
