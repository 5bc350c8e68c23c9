"""The legal preconditions of reconsideration's transitions (ARL 2023), named in workflows/reconsideration.yaml."""
from __future__ import annotations

from caseflow.deadlines import queries as deadline_queries
from caseflow.errors import GuardFailed
from caseflow.settlement import services as records
from caseflow.workflow.guards import registry, require_period_expired

GUARDS, guard = registry()


@guard
def supplement_period_expired(case, on, data):
    """ARL Art. 31(2): deemed abandoned only once the supplement period has run out."""
    require_period_expired(case, on, ["reconsideration.supplement"], "补正", "The supplement period",
                           "《行政复议法》第三十一条第二款")


@guard
def acceptance_review_expired(case, on, data):
    """ARL Art. 30(3): an application not refused within the review period is deemed accepted, from its last day."""
    require_period_expired(case, on, ["reconsideration.acceptance_review"], "受理审查", "The acceptance review",
                           "《行政复议法》第三十条第三款")


@guard
def reply_period_expired(case, on, data):
    """ARL Art. 70: 'no reply' only once the reply period has run out."""
    require_period_expired(case, on, ["reconsideration.reply", "reconsideration.reply_simplified"], "答复",
                           "The reply period", "《行政复议法》第四十八条、第五十四条")


@guard
def ordinary_procedure(case, on, data):
    """ARL Art. 62(2): the simplified procedure's 30 days cannot be extended."""
    if case.procedure != "ordinary":
        raise GuardFailed("Only ordinary-procedure cases can be extended (ARL Art. 62)",
                          errors={"transition": ["简易程序案件不得延长审理期限（《行政复议法》第六十二条）"]})


@guard
def simplified_procedure(case, on, data):
    """ARL Art. 55: only a simplified-procedure case can be converted to the ordinary procedure."""
    if case.procedure != "simplified":
        raise GuardFailed("The case is already under the ordinary procedure (ARL Art. 55)",
                          errors={"transition": ["本案已适用普通程序（《行政复议法》第五十五条）"]})


@guard
def not_extended_before(case, on, data):
    """ARL Art. 62(1): one extension of at most 30 days."""
    if deadline_queries.has_extension(case.id, "reconsideration.decision"):
        raise GuardFailed("The decision period was already extended once (ARL Art. 62(1))",
                          errors={"transition": ["审理期限已延长过一次，不得再次延长（《行政复议法》第六十二条第一款）"]})


@guard
def suspension_period_reached_for_ground_5(case, on, data):
    """ARL Art. 41(5): termination for an unresolved suspension only after 60 days, from the next day (§8.7)."""
    if data.get("ground") != "5":
        return
    if case.state != "suspended":
        raise GuardFailed("Art. 41(5) termination needs a suspended case",
                          errors={"data.ground": ["只有处于中止状态的案件才能依第四十一条第五项终止"]})
    require_period_expired(case, on, ["reconsideration.suspension_termination"], "中止满六十日",
                           "The 60-day suspension period", "《行政复议法》第四十一条第五项")


@guard
def nothing_left_to_perform(case, on, data):
    """ARL Art. 77: a decision that orders the respondent to act is closed by recording its performance."""
    if deadline_queries.open_for_rules(case.id, ["reconsideration.performance"]):
        raise GuardFailed("The respondent must still perform the decision; record the performance instead",
                          errors={"transition": ["被申请人尚需履行决定，请记录履行情况（《行政复议法》第七十七条）"]})


@guard
def both_sides_agree_to_mediate(case, on, data):
    """ARL Art. 5: mediation is voluntary: the applicants and the respondent agency must be willing (asked when
    the parties are heard). Checked on the consents the transition carries (none yet: nothing to check)."""
    if "consents" not in data:
        return
    missing = records.missing_consents(case, "mediate", data["consents"])
    if missing:
        raise GuardFailed(f"not every side agreed to mediate: {', '.join(missing)}",
                          errors={"data.consents": [f"调解须双方自愿，尚未同意：{'、'.join(missing)}"
                                                    "（《行政复议法》第五条）"]})


@guard
def every_term_performed(case, on, data):
    """ARL Art. 77: a mediation document is performed when each of its terms is."""
    left = records.unperformed_terms(case.id)
    if left:
        raise GuardFailed("Terms of the mediation document remain unperformed",
                          errors={"transition": [f"调解书尚有{len(left)}项内容未履行（《行政复议法》第七十七条）"]})
