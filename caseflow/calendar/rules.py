"""The catalogue of legal time limits (期限规则), loaded from the `rules:` sections of workflows/*.yaml.

A rule has a stable id, a unit, a count, a legal basis and a start event. A rule id may have several versions,
each with the date from which it applies, so a later law can be added as data (legal-reference §8.11).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml


class Unit(str, enum.Enum):
    WORKING_DAYS = "working_days"  # ARL Art. 88(2): 三日、五日、七日、十日 are working days
    CALENDAR_DAYS = "calendar_days"  # ARL Art. 88(1) → CPL Art. 85
    MONTHS = "months"  # Civil Code Art. 202: ends on the corresponding date
    YEARS = "years"


UNIT_LABELS = {
    Unit.WORKING_DAYS: ("个工作日", "working days"),
    Unit.CALENDAR_DAYS: ("日（自然日）", "calendar days"),
    Unit.MONTHS: ("个月", "months"),
    Unit.YEARS: ("年", "years"),
}


class RuleError(ValueError):
    """The catalogue is malformed, or a rule id does not exist."""


@dataclass(frozen=True)
class Basis:
    law: str
    article: str
    law_en: str = ""
    article_en: str = ""

    def text(self, lang: str = "zh") -> str:
        if lang == "en" and self.law_en:
            return f"{self.law_en} {self.article_en}".strip()
        return f"《{self.law}》{self.article}"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    title_en: str
    unit: Unit
    count: int
    basis: Basis
    start_event: str
    start_event_en: str
    applies_from: date
    backward: bool = False
    roll_forward: bool = True
    responsible: str = "office"
    max_extension_days: int | None = None
    note: str = ""
    extra_bases: tuple[Basis, ...] = field(default_factory=tuple)

    def describe(self, lang: str = "zh") -> str:
        zh_unit, en_unit = UNIT_LABELS[self.unit]
        if lang == "en":
            direction = "before" if self.backward else "after"
            return f"{self.count} {en_unit} {direction} {self.start_event_en} ({self.basis.text('en')})"
        direction = "前" if self.backward else "起"
        return f"{self.start_event}{direction}{self.count}{zh_unit}（{self.basis.text('zh')}）"


_ALLOWED_KEYS = {
    "id", "title", "title_en", "unit", "count", "basis", "start_event", "start_event_en", "applies_from",
    "backward", "roll_forward", "responsible", "max_extension_days", "note", "extra_bases",
}


def _basis(raw, where) -> Basis:
    if not isinstance(raw, dict) or not raw.get("law") or not raw.get("article"):
        raise RuleError(f"{where}: basis needs law and article")
    return Basis(raw["law"], raw["article"], raw.get("law_en", ""), raw.get("article_en", ""))


def parse_rule(raw: dict, where: str) -> Rule:
    unknown = set(raw) - _ALLOWED_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "title", "unit", "count", "basis", "start_event", "applies_from"):
        if key not in raw:
            raise RuleError(f"{where}: missing {key!r}")
    try:
        unit = Unit(raw["unit"])
    except ValueError:
        raise RuleError(f"{where}: unit must be one of {[u.value for u in Unit]}") from None
    count = raw["count"]
    if not isinstance(count, int) or count <= 0:
        raise RuleError(f"{where}: count must be a positive integer")
    applies_from = raw["applies_from"]
    if not isinstance(applies_from, date):
        raise RuleError(f"{where}: applies_from must be a date (YYYY-MM-DD)")
    backward = bool(raw.get("backward", False))
    if backward and unit is not Unit.WORKING_DAYS:
        raise RuleError(f"{where}: only working-day rules may count backwards")
    return Rule(
        id=raw["id"],
        title=raw["title"],
        title_en=raw.get("title_en", raw["id"]),
        unit=unit,
        count=count,
        basis=_basis(raw["basis"], where),
        start_event=raw["start_event"],
        start_event_en=raw.get("start_event_en", raw["start_event"]),
        applies_from=applies_from,
        backward=backward,
        roll_forward=bool(raw.get("roll_forward", True)),
        responsible=raw.get("responsible", "office"),
        max_extension_days=raw.get("max_extension_days"),
        note=raw.get("note", ""),
        extra_bases=tuple(_basis(b, where) for b in raw.get("extra_bases", [])),
    )


class RuleCatalogue:
    """All versions of all rules, by id."""

    def __init__(self, rules: list[Rule]):
        self._versions: dict[str, list[Rule]] = {}
        for rule in rules:
            versions = self._versions.setdefault(rule.id, [])
            if any(v.applies_from == rule.applies_from for v in versions):
                raise RuleError(f"rule {rule.id} has two versions applying from {rule.applies_from}")
            versions.append(rule)
        for versions in self._versions.values():
            versions.sort(key=lambda r: r.applies_from)

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self._versions

    def ids(self) -> list[str]:
        return sorted(self._versions)

    def get(self, rule_id: str, as_of: date | None = None) -> Rule:
        """The version of `rule_id` that applies to a case begun on `as_of` (default: the newest version)."""
        versions = self._versions.get(rule_id)
        if not versions:
            raise RuleError(f"unknown rule id {rule_id!r}")
        if as_of is None:
            return versions[-1]
        applicable = [v for v in versions if v.applies_from <= as_of]
        # Before the first version applies we still answer with the earliest one rather than nothing; the
        # catalogue only holds the 2023 law today (legal-reference §8.11).
        return applicable[-1] if applicable else versions[0]

    def latest(self) -> list[Rule]:
        return [self._versions[i][-1] for i in self.ids()]


def load_catalogue(workflows_dir: str | Path) -> RuleCatalogue:
    """Read every `rules:` list in workflows/*.yaml."""
    rules = []
    for path in sorted(Path(workflows_dir).glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for n, raw in enumerate(doc.get("rules", []) or []):
            rules.append(parse_rule(raw, f"{path.name} rules[{n}]"))
    if not rules:
        raise RuleError(f"no rules found in {workflows_dir}")
    return RuleCatalogue(rules)
