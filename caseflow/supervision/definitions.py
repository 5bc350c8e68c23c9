"""What supervision watches, as data: the notice types (workflows/supervision.yaml) and, per kind, the triggers
under `supervision:` in its workflow. Parsed and checked at start-up against the rule catalogue and the workflows:
a trigger naming an unknown rule, transition or notice type stops the application."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from caseflow.workflow.definitions import WorkflowError

ADDRESSEES = {"handler", "office_head", "leader", "mediator", "respondent", "recipient"}
UNITS = {"working_days", "calendar_days"}


@dataclass(frozen=True)
class Period:
    count: int
    unit: str  # working_days | calendar_days


@dataclass(frozen=True)
class LadderStep:
    """One step of the escalation for non-performance (ARL Arts. 77, 83, 85), decided by `decided_by`."""

    level: int
    title: str
    title_en: str
    decided_by: str
    to: tuple[str, ...]
    respond_within: Period | None = None


@dataclass(frozen=True)
class NoticeType:
    code: str
    title: str
    title_en: str
    basis: str
    to: tuple[str, ...]
    last_day_to: tuple[str, ...] = ()
    respond_within: Period | None = None
    ladder: tuple[LadderStep, ...] = ()
    note: str = ""
    note_en: str = ""
    closes_with: str = "deadline"  # deadline: once its time limit stops running; case: once the case closes

    def step(self, level: int) -> LadderStep | None:
        return next((s for s in self.ladder if s.level == level), None)


@dataclass(frozen=True)
class Trigger:
    """What a lapsing or nearing time limit of a kind sets off."""

    kind: str
    rule: str  # a rule id, or a profile `@slot`
    warn: tuple[int, ...] = ()  # days before the last day
    warn_unit: str = "working_days"
    on_lapse: str | None = None  # the system's step
    propose: str | None = None  # a step proposed for a person to confirm
    data: dict = field(default_factory=dict)  # the proposed step's data
    notice: str | None = None  # the notice type raised on lapse
    warn_notice: str = "E3"  # the notice type of the warnings


@dataclass
class Supervision:
    types: dict[str, NoticeType]
    triggers: dict[str, dict[str, Trigger]]  # kind -> rule id (slots resolved for every profile) -> trigger

    def trigger(self, kind: str, rule_id: str) -> Trigger | None:
        return self.triggers.get(kind, {}).get(rule_id)

    def rule_ids(self) -> set[str]:
        return {rule for by_rule in self.triggers.values() for rule in by_rule}


def _period(raw, where: str) -> Period | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"count", "unit"} or raw["unit"] not in UNITS \
            or not isinstance(raw["count"], int) or raw["count"] < 1:
        raise WorkflowError(f"{where}: respond_within is {{count: <days>, unit: working_days|calendar_days}}")
    return Period(raw["count"], raw["unit"])


def _addressees(raw, where: str) -> tuple[str, ...]:
    values = [raw] if isinstance(raw, str) else list(raw or [])
    unknown = [v for v in values if v not in ADDRESSEES]
    if unknown or not values:
        raise WorkflowError(f"{where}: addressees are some of {sorted(ADDRESSEES)}, not {unknown or values}")
    return tuple(values)


def parse_types(doc: dict, roles: set[str], where: str) -> dict[str, NoticeType]:
    types = {}
    for code, raw in (doc.get("notice_types") or {}).items():
        at = f"{where} notice_types.{code}"
        for key in ("title", "title_en", "basis", "to"):
            if key not in raw:
                raise WorkflowError(f"{at}: missing {key!r}")
        ladder = []
        for n, step in enumerate(raw.get("ladder") or []):
            if step.get("decided_by") not in roles:
                raise WorkflowError(f"{at} ladder[{n}]: decided_by must be a role, not {step.get('decided_by')!r}")
            ladder.append(LadderStep(int(step["level"]), step["title"], step.get("title_en", step["title"]),
                                     step["decided_by"], _addressees(step.get("to"), f"{at} ladder[{n}]"),
                                     _period(step.get("respond_within"), f"{at} ladder[{n}]")))
        if [s.level for s in ladder] != list(range(1, len(ladder) + 1)):
            raise WorkflowError(f"{at}: ladder levels run 1, 2, 3 ...")
        if raw.get("closes_with", "deadline") not in ("deadline", "case"):
            raise WorkflowError(f"{at}: closes_with is deadline or case")
        types[code] = NoticeType(code, raw["title"], raw["title_en"], raw["basis"], _addressees(raw["to"], at),
                                 _addressees(raw["last_day_to"], at) if raw.get("last_day_to") else (),
                                 _period(raw.get("respond_within"), at), tuple(ladder), raw.get("note", ""),
                                 raw.get("note_en", ""), raw.get("closes_with", "deadline"))
    return types


def parse_triggers(doc: dict, workflow, rules, types: dict[str, NoticeType], where: str) -> dict[str, Trigger]:
    """The kind's triggers by rule id; a `@slot` stands for the slot's rule in every profile that has it."""
    out: dict[str, Trigger] = {}
    known = {"rule", "warn", "warn_unit", "warn_notice", "on_lapse", "propose", "data", "notice"}
    for n, raw in enumerate(doc.get("supervision") or []):
        at = f"{where} supervision[{n}]"
        if set(raw) - known:
            raise WorkflowError(f"{at}: unknown keys {sorted(set(raw) - known)}")
        rule = raw.get("rule", "")
        rule_ids = workflow.rules_of_slot(rule)
        if not rule_ids or any(r not in rules for r in rule_ids):
            raise WorkflowError(f"{at}: no rule {rule!r} in the catalogue (or in any profile)")
        for key, system in (("on_lapse", True), ("propose", False)):
            name = raw.get(key)
            if name is None:
                continue
            transition = workflow.transitions.get(name)
            if transition is None:
                raise WorkflowError(f"{at}: {key} names no transition of {workflow.kind}: {name!r}")
            if system and "system" not in transition.roles:
                raise WorkflowError(f"{at}: on_lapse {name!r} is not a step the system may take (roles)")
        for key in ("notice", "warn_notice"):
            if raw.get(key) is not None and raw[key] not in types:
                raise WorkflowError(f"{at}: unknown notice type {raw[key]!r}")
        if raw.get("propose") and not raw.get("notice"):
            raise WorkflowError(f"{at}: a proposal is raised as a notice: name its type")
        warn = tuple(sorted(set(raw.get("warn") or []), reverse=True))
        if any(not isinstance(w, int) or w < 1 for w in warn) or raw.get("warn_unit", "working_days") not in UNITS:
            raise WorkflowError(f"{at}: warn is a list of days before the last day (positive integers)")
        for rule_id in rule_ids:
            out[rule_id] = Trigger(workflow.kind, rule, warn, raw.get("warn_unit", "working_days"),
                                   raw.get("on_lapse"), raw.get("propose"), dict(raw.get("data") or {}),
                                   raw.get("notice"), raw.get("warn_notice", "E3"))
    return out


def load_supervision(workflows_dir: str | Path, rules, workflows, roles: set[str]) -> Supervision:
    docs = {path.name: yaml.safe_load(path.read_text("utf-8")) or {}
            for path in sorted(Path(workflows_dir).glob("*.yaml"))}
    types = parse_types(docs.get("supervision.yaml", {}), roles, "supervision.yaml")
    triggers = {}
    for name, doc in docs.items():
        if doc.get("kind") in workflows.workflows:
            triggers[doc["kind"]] = parse_triggers(doc, workflows.workflows[doc["kind"]], rules, types, name)
    return Supervision(types, triggers)
