"""Legal preconditions that workflow transitions name (`guards:` in workflows/*.yaml): the shared helpers.

Each kind keeps its own guards (caseflow/kinds/<kind>/guards.py); a guard receives the case, the effective date
and the validated data, and raises GuardFailed with the rule it enforces. The names are checked at start-up: a
workflow naming an unknown guard stops the app.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from caseflow.deadlines import queries as deadline_queries
from caseflow.errors import GuardFailed


def registry() -> tuple[dict[str, Callable], Callable]:
    """A kind's guard table and the decorator that fills it: `GUARDS, guard = registry()`."""
    table: dict[str, Callable] = {}

    def guard(fn):
        table[fn.__name__] = fn
        return fn

    return table, guard


def require_period_expired(case, on: date, rule_ids, what_zh: str, what_en: str, basis: str) -> None:
    """Refuse unless the latest deadline of `rule_ids` has a due date and `on` is after it (a lapse is recorded
    from the day after the last day: CPL Art. 85)."""
    deadline = deadline_queries.latest_for_rules(case.id, rule_ids)
    if deadline is None or deadline.due_on is None:
        raise GuardFailed(f"{what_en} has no running period on this case ({basis})",
                          errors={"on": [f"本案没有正在计算的{what_zh}期限（{basis}）"]})
    if deadline.awaiting_receipt:
        # A lapse counted from a receipt nobody has recorded is only presumed: record the 送达回证 first.
        raise GuardFailed(f"{what_en} runs from a receipt not yet recorded ({basis})",
                          errors={"on": [f"{what_zh}期限自收到之日起算，尚未记录送达回证，不能认定届满（{basis}）"]})
    if on <= deadline.due_on:
        raise GuardFailed(
            f"{what_en} runs until {deadline.due_on.isoformat()}; this can be recorded from the next day ({basis})",
            errors={"on": [f"{what_zh}期限至{deadline.due_on.isoformat()}届满，届满次日起方可记录（{basis}）"]},
            due_on=deadline.due_on.isoformat())
