"""The preconditions of administrative mediation's transitions (workflows/mediation.yaml)."""
from __future__ import annotations

from caseflow.deadlines import queries as deadline_queries
from caseflow.errors import GuardFailed
from caseflow.settlement import services as records
from caseflow.workflow.guards import registry, require_period_expired

GUARDS, guard = registry()


@guard
def all_parties_consented(case, on, data):
    """Mediation is voluntary: every applicant and respondent must have agreed (PML Arts. 17, 23)."""
    missing = records.missing_consents(case, "mediate")
    if missing:
        raise GuardFailed(f"not every party agreed to mediate: {', '.join(missing)}",
                          errors={"transition": [f"以下当事人尚未同意调解：{'、'.join(missing)}（自愿原则）"]})


@guard
def every_party_agrees_to_extend(case, on, data):
    """§8.8: the time limit is extended only with every party's recorded consent (carried by the extension
    itself; before it is filled in, e.g. when the actions open to a user are listed, there is nothing to check)."""
    if "consents" not in data:
        return
    missing = records.missing_consents(case, "extend", data["consents"])
    if missing:
        raise GuardFailed(f"not every party agreed to extend: {', '.join(missing)}",
                          errors={"data.consents": [f"延长调解期限须经各方当事人同意，尚未同意：{'、'.join(missing)}"]})


@guard
def not_extended_before(case, on, data):
    """§8.8: the time limit is extended once."""
    if deadline_queries.has_extension(case.id, "mediation.time_limit"):
        raise GuardFailed("The mediation time limit was already extended once (§8.8)",
                          errors={"transition": ["调解期限已延长过一次，不得再次延长（legal-reference §8.8）"]})


@guard
def time_limit_expired(case, on, data):
    """§4.4 M6: the mediation ends by lapse only once its time limit has run out."""
    require_period_expired(case, on, ["mediation.time_limit"], "调解", "The mediation time limit",
                           "地方行政调解规定；legal-reference §8.8")


@guard
def confirmation_window_open(case, on, data):
    """PML Art. 33: the parties apply for judicial confirmation within 30 days of the agreement taking effect."""
    window = deadline_queries.latest_for_rules(case.id, ["mediation.judicial_confirmation"])
    if window is None or window.due_on is None:
        raise GuardFailed("No agreement has taken effect", errors={"transition": ["尚无生效的调解协议"]})
    if case.confirmation_applied_on is not None:
        raise GuardFailed("An application is already recorded", errors={"transition": ["已记录司法确认申请"]})
    if on > window.due_on:
        raise GuardFailed(f"The 30-day window closed on {window.due_on.isoformat()} (PML Art. 33)",
                          errors={"on": [f"申请司法确认的期限已于{window.due_on.isoformat()}届满"
                                         "（《中华人民共和国人民调解法》第三十三条）"]})


@guard
def confirmation_applied(case, on, data):
    if case.confirmation_applied_on is None:
        raise GuardFailed("Nobody applied for judicial confirmation yet",
                          errors={"transition": ["尚未记录司法确认申请"]})


@guard
def a_term_is_breached(case, on, data):
    """PML Art. 31: an agreement is breached once a term's date passed without its performance."""
    if not records.breached_terms(case.id, on):
        pending = records.unperformed_terms(case.id)
        earliest = min((t.due_on for t in pending), default=None)
        extra = {"due_on": earliest.isoformat()} if earliest else {}
        raise GuardFailed("No term is past its date unperformed",
                          errors={"transition": ["没有逾期未履行的协议条款"]}, **extra)


@guard
def every_term_performed(case, on, data):
    left = records.unperformed_terms(case.id)
    if left or records.agreement_of(case.id) is None:
        raise GuardFailed("Terms remain unperformed",
                          errors={"transition": [f"尚有{len(left)}项协议条款未履行完毕"]})


@guard
def confirmation_window_expired(case, on, data):
    """PML Art. 33: the 30 days to apply for judicial confirmation ran out with no application recorded."""
    if not deadline_queries.open_for_rules(case.id, ["mediation.judicial_confirmation"]):
        raise GuardFailed("No confirmation window is open", errors={"transition": ["没有正在计算的司法确认申请期限"]})
    require_period_expired(case, on, ["mediation.judicial_confirmation"], "司法确认申请", "The confirmation window",
                           "《中华人民共和国人民调解法》第三十三条")
