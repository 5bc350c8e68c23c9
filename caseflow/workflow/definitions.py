"""Workflow definitions as data (workflows/*.yaml), parsed into immutable objects and validated.

A broken definition stops the application from starting with a message naming the file and the problem:
an unknown state or role, an unreachable state, a non-final state with no way out, a clock rule or guard that
does not exist. See workflows/README.md for the format.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml

from caseflow.auth.models import Role
from caseflow.calendar.rules import RuleCatalogue

CLOCK_ACTIONS = {"start", "stop", "pause", "resume", "extend", "convert"}
FIELD_TYPES = {"date", "text", "string", "choice", "integer", "boolean", "user"}
SPECIAL_TARGETS = {"@previous", "@same"}
# Values a transition may set on any kind; a kind adds its own computed `@name` values (KindSpec.values).
BUILTIN_VALUES = {"@on", "@from", "@true", "@false", "@none"}


class WorkflowError(ValueError):
    """A workflow definition is invalid."""


@dataclass(frozen=True)
class Choice:
    value: str
    title: str
    title_en: str


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    title: str
    title_en: str
    required: bool = False
    choices: tuple[Choice, ...] = ()
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    future_allowed: bool = False
    after_on: bool = False
    role: str | None = None  # user fields: the role the chosen user must hold in the case's office

    def choice(self, value) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class ClockAction:
    action: str
    rule: str
    start_from: str | None = None  # "data.<field>"; default: the effective date
    when: tuple[tuple[str, tuple], ...] = ()
    count_from: str | None = None
    days_from: str | None = None
    into: str | None = None  # convert: the rule an open deadline becomes, from the same start date
    until: str | None = None  # start: a period the decision itself fixes, ending on this date (none: no clock)


ADDRESSEES = {"applicants", "respondent", "parties", "third_parties", "recipient"}
ADDRESSEE_ROLES = {"applicant", "respondent", "third_party", "recipient"}


@dataclass(frozen=True)
class Approval:
    """呈批: the transition is proposed, then approved by each role of `by` in turn (e.g. the office head reviews,
    the organ leader approves a decision: ARL Art. 61), and takes effect on the date `effective` names: the day of
    the last approval, or the day the proposer gave."""

    by: tuple[str, ...]
    effective: str = "approval"  # approval | proposal

    @property
    def final_role(self) -> str:
        return self.by[-1]


@dataclass(frozen=True)
class Serves:
    """A document a transition sends (送达): to whom, and the deadline its receipt meets (if any)."""

    document: str
    title: str
    title_en: str
    to: str  # applicants | respondent | parties | third_parties | recipient (named by the kind from the data)
    meets: str | None = None  # a rule whose open deadline the receipt meets (e.g. the hearing notice's)


class KindSpec(Protocol):
    """What validating a workflow needs to know of its kind (caseflow.cases.kinds.CaseKind provides it)."""

    name: str
    guards: dict
    effects: dict
    values: dict

    def settable(self) -> set[str]: ...


@dataclass(frozen=True)
class Transition:
    name: str
    title: str
    title_en: str
    basis: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    approval: Approval | None = None
    reason_required: bool = False
    fields: tuple[FieldSpec, ...] = ()
    guards: tuple[str, ...] = ()
    sets: tuple[tuple[str, object], ...] = ()
    clocks: tuple[ClockAction, ...] = ()
    effect: str | None = None  # a kind-specific effect run with the transition (caseflow.cases.kinds.Effect)
    serves: Serves | None = None  # the document this transition sends, with its service record(s)

    def field(self, name) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class State:
    name: str
    title: str
    title_en: str
    final: bool = False


@dataclass
class Workflow:
    kind: str
    title: str
    title_en: str
    docket_pattern: str
    initial: str
    states: dict[str, State]
    transitions: dict[str, Transition]
    choices: dict[str, tuple[Choice, ...]]
    on_create: tuple[ClockAction, ...] = ()
    source: str = ""
    # Sub-kinds with their own clocks (adjudication's land, patent ...): the case attribute that names the
    # profile, and per profile the rule behind each `@slot` a clock action names.
    profile_attribute: str | None = None
    profiles: dict[str, dict[str, str]] = field(default_factory=dict)

    def rule_for(self, rule: str, case) -> str | None:
        """The rule a clock action means for `case`: itself, or its profile's rule for an `@slot` (None: the
        profile has no such clock, and the action does not apply)."""
        if not rule.startswith("@"):
            return rule
        return self.profiles.get(getattr(case, self.profile_attribute), {}).get(rule[1:])

    def rules_of_slot(self, rule: str) -> list[str]:
        """Every rule an action's rule may stand for, across profiles."""
        if not rule.startswith("@"):
            return [rule]
        return sorted({slots[rule[1:]] for slots in self.profiles.values() if rule[1:] in slots})

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions.values() if state in t.sources]

    def allowed(self, state: str, roles: set[str]) -> list[Transition]:
        """Transitions a holder of `roles` may fire in `state` (guards are checked when firing)."""
        return [t for t in self.transitions_from(state) if t.roles & roles]

    def choice_title(self, choice_set: str, value, lang: str = "zh") -> str:
        for c in self.choices.get(choice_set, ()):
            if c.value == value:
                return c.title_en if lang == "en" else c.title
        return str(value) if value is not None else ""


@dataclass
class WorkflowRegistry:
    workflows: dict[str, Workflow] = field(default_factory=dict)

    def get(self, kind: str) -> Workflow:
        try:
            return self.workflows[kind]
        except KeyError:
            raise WorkflowError(f"no workflow for case kind {kind!r}") from None

    def kinds(self) -> list[str]:
        return sorted(self.workflows)


_KNOWN = {
    "workflow": {"kind", "title", "title_en", "docket_pattern", "initial", "on_create", "states", "choices",
                 "transitions", "rules", "profiles", "supervision"},
    "state": {"title", "title_en", "final"},
    "transition": {"name", "title", "title_en", "basis", "from", "to", "roles", "approval", "reason_required",
                   "fields", "guards", "sets", "clocks", "effect", "serves"},
    "serves": {"document", "title", "title_en", "to", "meets"},
    "field": {"name", "type", "title", "title_en", "required", "choices", "min", "max", "max_length",
              "future_allowed", "after_on", "role"},
    "clock": {"action", "rule", "into", "from", "when", "count_from", "days_from", "until"},
}


def _check_keys(raw, kind, where):
    if not isinstance(raw, dict):
        raise WorkflowError(f"{where}: expected a mapping")
    unknown = set(raw) - _KNOWN[kind]
    if unknown:
        raise WorkflowError(f"{where}: unknown keys {sorted(unknown)}")


def _choices(raw, where) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or not raw:
        raise WorkflowError(f"{where}: a choice list needs at least one entry")
    out = []
    for c in raw:
        if "value" not in c or "title" not in c:
            raise WorkflowError(f"{where}: every choice needs value and title")
        out.append(Choice(str(c["value"]), c["title"], c.get("title_en", c["title"])))
    return tuple(out)


def _field(raw, choices, where) -> FieldSpec:
    _check_keys(raw, "field", where)
    if raw.get("type") not in FIELD_TYPES:
        raise WorkflowError(f"{where}: field type must be one of {sorted(FIELD_TYPES)}")
    options: tuple[Choice, ...] = ()
    if raw["type"] == "user" and raw.get("role") not in {r.value for r in Role}:
        raise WorkflowError(f"{where}: a user field names the role its user must hold")
    if raw["type"] == "choice":
        ref = raw.get("choices")
        if ref not in choices:
            raise WorkflowError(f"{where}: unknown choice list {ref!r}")
        options = choices[ref]
    return FieldSpec(
        name=raw["name"], type=raw["type"], title=raw.get("title", raw["name"]),
        title_en=raw.get("title_en", raw["name"]), required=bool(raw.get("required", False)), choices=options,
        min=raw.get("min"), max=raw.get("max"), max_length=raw.get("max_length"),
        future_allowed=bool(raw.get("future_allowed", False)), after_on=bool(raw.get("after_on", False)),
        role=raw.get("role"),
    )


def _approval(raw, roles: set[str], where: str) -> Approval:
    """`approval: office_head`, or `approval: {by: [office_head, organ_leader], effective: approval}`."""
    if isinstance(raw, str):
        raw = {"by": [raw]}
    if not isinstance(raw, dict) or set(raw) - {"by", "effective"} or not raw.get("by"):
        raise WorkflowError(f"{where}: approval is a role, or {{by: [roles], effective: approval|proposal}}")
    by = [raw["by"]] if isinstance(raw["by"], str) else list(raw["by"])
    bad = [r for r in by if r not in roles or r == "system"]
    if bad:
        raise WorkflowError(f"{where}: unknown approval role {bad[0]!r}")
    if raw.get("effective", "approval") not in ("approval", "proposal"):
        raise WorkflowError(f"{where}: approval.effective is approval or proposal")
    return Approval(tuple(by), raw.get("effective", "approval"))


def _serves(raw, rules: RuleCatalogue, where: str) -> Serves:
    _check_keys(raw, "serves", where)
    for key in ("document", "title", "to"):
        if key not in raw:
            raise WorkflowError(f"{where}: missing {key!r}")
    if raw["to"] not in ADDRESSEES:
        raise WorkflowError(f"{where}: `to` must be one of {sorted(ADDRESSEES)}")
    if raw.get("meets") is not None and raw["meets"] not in rules:
        raise WorkflowError(f"{where}: `meets` names no rule of the catalogue: {raw['meets']!r}")
    return Serves(raw["document"], raw["title"], raw.get("title_en", raw["document"]), raw["to"], raw.get("meets"))


def _clock(raw, fields, rules: RuleCatalogue, attributes: set[str], where, slots: set[str] = frozenset(),
           serves: bool = False) -> ClockAction:
    _check_keys(raw, "clock", where)
    if raw.get("action") not in CLOCK_ACTIONS:
        raise WorkflowError(f"{where}: clock action must be one of {sorted(CLOCK_ACTIONS)}")
    rule = raw.get("rule")
    if isinstance(rule, str) and rule.startswith("@"):
        if rule[1:] not in slots:
            raise WorkflowError(f"{where}: clock slot {rule!r} is in no profile")
    elif rule not in rules:
        raise WorkflowError(f"{where}: clock rule {rule!r} does not exist in the rule catalogue")
    if (raw["action"] == "convert") != ("into" in raw) or ("into" in raw and raw["into"] not in rules):
        raise WorkflowError(f"{where}: a convert action needs `into`, an existing rule (and only convert has one)")
    if "until" in raw and (raw["action"] != "start" or "count_from" in raw):
        raise WorkflowError(f"{where}: `until` ends a started period (and replaces count_from)")
    for key in ("from", "count_from", "days_from", "until"):
        ref = raw.get(key)
        if ref is None:
            continue
        scope, _, name = ref.partition(".")
        if scope == "service":
            if key != "from" or not serves or (name and name not in ADDRESSEE_ROLES):
                raise WorkflowError(f"{where}: `from: service[.role]` needs the transition to serve a document")
            continue
        if scope == "data" and name not in fields:
            raise WorkflowError(f"{where}: {key} refers to undeclared field {name!r}")
        if scope == "case" and name not in attributes:
            raise WorkflowError(f"{where}: {key} refers to unknown case attribute {name!r}")
        if scope not in ("data", "case"):
            raise WorkflowError(f"{where}: {key} must start with data., case. or service")
    when = []
    for path, values in (raw.get("when") or {}).items():
        scope, _, name = path.partition(".")
        if not ((scope == "data" and name in fields) or (scope == "case" and name in attributes)):
            raise WorkflowError(f"{where}: condition on unknown {path!r}")
        when.append((path, tuple(str(v) for v in values)))
    return ClockAction(raw["action"], raw["rule"], raw.get("from"), tuple(when), raw.get("count_from"),
                       raw.get("days_from"), raw.get("into"), raw.get("until"))


def _profiles(raw, rules: RuleCatalogue, attributes: set[str], where: str):
    if raw is None:
        return None, {}
    if not isinstance(raw, dict) or set(raw) != {"attribute", "rules"} or not isinstance(raw["rules"], dict):
        raise WorkflowError(f"{where}: profiles needs `attribute` and `rules` (profile -> slot -> rule id)")
    if raw["attribute"] not in attributes:
        raise WorkflowError(f"{where}: profiles.attribute {raw['attribute']!r} is not a case attribute")
    for profile, slots in raw["rules"].items():
        for slot, rule in (slots or {}).items():
            if rule not in rules:
                raise WorkflowError(f"{where}: profile {profile!r} slot {slot!r}: no rule {rule!r} in the catalogue")
    return raw["attribute"], {str(p): dict(slots or {}) for p, slots in raw["rules"].items()}


def _set_value(target: str, value, fields, kind: KindSpec, where: str):
    """A `sets:` value: data.<field>, a built-in or the kind's @value, or a plain literal (e.g. withdrawal)."""
    if isinstance(value, str) and value.startswith("data."):
        if value[5:] not in fields:
            raise WorkflowError(f"{where}: cannot set {target} from undeclared field {value!r}")
    elif isinstance(value, str) and value.startswith("@"):
        if value not in BUILTIN_VALUES and value[1:] not in kind.values:
            raise WorkflowError(f"{where}: cannot set {target} from unknown value {value!r}")
    elif not isinstance(value, (str, int, bool)):
        raise WorkflowError(f"{where}: cannot set {target} to {value!r}")
    return value


def parse_workflow(doc: dict, rules: RuleCatalogue, kind: KindSpec, where: str) -> Workflow:
    """Parse and check one workflow against the rule catalogue and what its kind provides."""
    _check_keys(doc, "workflow", where)
    for key in ("kind", "title", "initial", "states", "transitions", "docket_pattern"):
        if key not in doc:
            raise WorkflowError(f"{where}: missing {key!r}")
    settable = kind.settable()
    attributes = settable | {"state", "received_on", "previous_state"}
    profile_attribute, profiles = _profiles(doc.get("profiles"), rules, attributes, where)
    slots = {slot for rules_by_slot in profiles.values() for slot in rules_by_slot}
    roles = {r.value for r in Role}
    choices = {name: _choices(raw, f"{where} choices.{name}") for name, raw in (doc.get("choices") or {}).items()}
    states = {}
    for name, raw in doc["states"].items():
        _check_keys(raw or {}, "state", f"{where} states.{name}")
        states[name] = State(name, raw.get("title", name), raw.get("title_en", name), bool(raw.get("final", False)))
    if doc["initial"] not in states:
        raise WorkflowError(f"{where}: initial state {doc['initial']!r} is not a state")

    transitions: dict[str, Transition] = {}
    for n, raw in enumerate(doc["transitions"]):
        tw = f"{where} transitions[{n}] ({raw.get('name', '?')})"
        _check_keys(raw, "transition", tw)
        for key in ("name", "title", "from", "to", "roles", "basis"):
            if key not in raw:
                raise WorkflowError(f"{tw}: missing {key!r}")
        if raw["name"] in transitions:
            raise WorkflowError(f"{tw}: duplicate transition name")
        for s in raw["from"]:
            if s not in states:
                raise WorkflowError(f"{tw}: unknown source state {s!r}")
        if raw["to"] not in states and raw["to"] not in SPECIAL_TARGETS:
            raise WorkflowError(f"{tw}: unknown target state {raw['to']!r}")
        bad_roles = set(raw["roles"]) - roles
        if bad_roles or not raw["roles"]:
            raise WorkflowError(f"{tw}: unknown roles {sorted(bad_roles)}" if bad_roles else f"{tw}: no roles")
        approval = _approval(raw.get("approval"), roles, tw) if raw.get("approval") else None
        fields = {}
        for m, f in enumerate(raw.get("fields") or []):
            spec = _field(f, choices, f"{tw} fields[{m}]")
            fields[spec.name] = spec
        for g in raw.get("guards") or []:
            if g not in kind.guards:
                raise WorkflowError(f"{tw}: unknown guard {g!r}")
        if raw.get("effect") is not None and raw["effect"] not in kind.effects:
            raise WorkflowError(f"{tw}: unknown effect {raw['effect']!r}")
        sets = []
        for target, value in (raw.get("sets") or {}).items():
            if target not in settable:
                raise WorkflowError(f"{tw}: cannot set case attribute {target!r}")
            sets.append((target, _set_value(target, value, fields, kind, tw)))
        serves = _serves(raw.get("serves"), rules, f"{tw} serves") if raw.get("serves") else None
        clocks = tuple(_clock(c, fields, rules, attributes, f"{tw} clocks[{m}]", slots, serves is not None)
                       for m, c in enumerate(raw.get("clocks") or []))
        transitions[raw["name"]] = Transition(
            name=raw["name"], title=raw["title"], title_en=raw.get("title_en", raw["name"]), basis=raw["basis"],
            sources=tuple(raw["from"]), target=raw["to"], roles=frozenset(raw["roles"]),
            approval=approval, reason_required=bool(raw.get("reason_required", False)),
            fields=tuple(fields.values()), guards=tuple(raw.get("guards") or []), sets=tuple(sets), clocks=clocks,
            effect=raw.get("effect"), serves=serves,
        )
    on_create = tuple(_clock(c, {}, rules, attributes, f"{where} on_create.clocks[{m}]", slots)
                      for m, c in enumerate((doc.get("on_create") or {}).get("clocks") or []))
    wf = Workflow(doc["kind"], doc["title"], doc.get("title_en", doc["kind"]), doc["docket_pattern"], doc["initial"],
                  states, transitions, choices, on_create, where, profile_attribute, profiles)
    _check_graph(wf, where)
    return wf


def _check_graph(wf: Workflow, where: str) -> None:
    """Every state reachable from the initial one; every non-final state has a way out; a final state has none
    (it may keep records that stay in it: `@same`, e.g. a suit against a decision, an opinion letter's report)."""
    reachable, queue = {wf.initial}, deque([wf.initial])
    came_from: dict[str, set[str]] = {}
    while queue:
        state = queue.popleft()
        for t in wf.transitions_from(state):
            if t.target == "@same":
                targets = {state}
            elif t.target == "@previous":
                targets = came_from.get(state, set())
            else:
                targets = {t.target}
                came_from.setdefault(t.target, set()).add(state)
            for nxt in targets - reachable:
                reachable.add(nxt)
                queue.append(nxt)
    unreachable = set(wf.states) - reachable
    if unreachable:
        raise WorkflowError(f"{where}: unreachable states {sorted(unreachable)}")
    for s in wf.states.values():
        exits = wf.transitions_from(s.name)
        leaving = [t.name for t in exits if t.target != "@same"]
        if s.final and leaving:
            raise WorkflowError(f"{where}: final state {s.name!r} has transitions out: {leaving}")
        if not s.final and not [t for t in exits if t.target != "@same"]:
            raise WorkflowError(f"{where}: non-final state {s.name!r} has no way out")


def load_workflows(workflows_dir: str | Path, rules: RuleCatalogue, kinds: dict[str, KindSpec]) -> WorkflowRegistry:
    """Parse every workflows/*.yaml that defines a state machine (files with only `rules:` are catalogues).

    Every configured kind needs exactly one workflow, and every workflow a configured kind.
    """
    registry = WorkflowRegistry()
    for path in sorted(Path(workflows_dir).glob("*.yaml")):
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise WorkflowError(f"{path.name}: not valid YAML: {exc}") from None
        if "states" not in doc:
            continue
        if doc.get("kind") not in kinds:
            raise WorkflowError(f"{path.name}: kind {doc.get('kind')!r} is not a configured case kind (CASE_KINDS)")
        wf = parse_workflow(doc, rules, kinds[doc["kind"]], path.name)
        if wf.kind in registry.workflows:
            raise WorkflowError(f"{path.name}: kind {wf.kind!r} is defined twice")
        registry.workflows[wf.kind] = wf
    missing = set(kinds) - set(registry.workflows)
    if missing:
        raise WorkflowError(f"no workflow file for the configured kinds {sorted(missing)}")
    return registry
