"""The preconditions of administrative adjudication's transitions (workflows/adjudication.yaml). A sub-kind's
clock is found through the workflow's profile (`@answer` is the land answer period for a land dispute ...)."""
from __future__ import annotations

from caseflow.calendar.services import get_catalogue
from caseflow.cases.services import get_workflow
from caseflow.deadlines import queries as deadline_queries
from caseflow.errors import GuardFailed
from caseflow.serving import services as serving
from caseflow.settlement import services as records
from caseflow.workflow.guards import registry, require_period_expired

GUARDS, guard = registry()


def _rule(case, slot: str) -> str | None:
    return get_workflow(case.kind).rule_for(f"@{slot}", case)


@guard
def answer_period_expired(case, on, data):
    """Land measures Art. 15: an answer not given in time does not hold the case up, once the period ran out."""
    rule = _rule(case, "answer")
    if rule is None:
        raise GuardFailed("This kind of dispute has no answer period", errors={"transition": ["本类纠纷没有答辩期限"]})
    require_period_expired(case, on, [rule], "答辩", "The answer period", "《土地权属争议调查处理办法》第十五条等")


@guard
def remedy_window_closed(case, on, data):
    """The ruling becomes final once the time to sue (or to seek reconsideration) ran out unused."""
    rule = _rule(case, "remedy")
    require_period_expired(case, on, [rule], "起诉", "The remedy window", get_catalogue().get(rule).basis.text())


@guard
def decision_may_be_extended(case, on, data):
    """Land measures Art. 25, patent measures Art. 21: extended once, with approval, within the rule's limit; the
    procurement decision (GPL Art. 56) cannot be extended."""
    rule_id = _rule(case, "decision")
    rule = get_catalogue().get(rule_id) if rule_id else None
    if rule is None or not rule.max_extension_days:
        raise GuardFailed("This kind of dispute's time limit cannot be extended",
                          errors={"transition": ["本类纠纷的处理期限不得延长"]})
    if deadline_queries.has_extension(case.id, rule_id):
        raise GuardFailed("The time limit was already extended once",
                          errors={"transition": ["处理期限已延长过一次"]})
    days = data.get("days")
    if days is not None and days > rule.max_extension_days:
        raise GuardFailed(f"At most {rule.max_extension_days} days ({rule.basis.text()})",
                          errors={"data.days": [f"最多延长{rule.max_extension_days}日（{rule.basis.text()}）"]})


@guard
def both_sides_agree_to_mediate(case, on, data):
    """Mediation inside an adjudication is voluntary (中办发〔2018〕75号): both sides must agree."""
    if "consents" not in data:
        return
    missing = records.missing_consents(case, "mediate", data["consents"])
    if missing:
        raise GuardFailed(f"not every side agreed to mediate: {', '.join(missing)}",
                          errors={"data.consents": [f"调解须双方自愿，尚未同意：{'、'.join(missing)}"]})


@guard
def every_term_performed(case, on, data):
    left = records.unperformed_terms(case.id)
    if left:
        raise GuardFailed("Terms of the mediation document remain unperformed",
                          errors={"transition": [f"调解书尚有{len(left)}项内容未履行"]})


@guard
def served_on_every_party(case, on, data):
    """A ruling binds once served on the parties: record each receipt, date this step no earlier than the last."""
    if "service" not in data and "services" not in data:
        return
    receipts = serving.receipts_given(data)
    if not receipts or any(r is None for r in receipts):
        raise GuardFailed("Record each party's receipt of the ruling",
                          errors={"data.service": ["请填写各方收到裁决书的日期"]})
    if on < max(receipts):
        raise GuardFailed("Date this step on or after the last receipt",
                          errors={"on": [f"办理日期不能早于最后一方收到裁决书的日期{max(receipts).isoformat()}"]})


@guard
def performance_period_expired(case, on, data):
    """A ruling's performance date passed with nothing recorded as performed (recorded once)."""
    if case.non_performance_on is not None:
        raise GuardFailed("Non-performance is already recorded",
                          errors={"transition": [f"已于{case.non_performance_on.isoformat()}记录逾期未履行"]})
    require_period_expired(case, on, ["adjudication.performance"], "履行", "The performance period",
                           "《中华人民共和国行政诉讼法》第九十七条")
