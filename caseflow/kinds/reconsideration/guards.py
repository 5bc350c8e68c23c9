"""The legal preconditions of reconsideration's transitions (ARL 2023), named in workflows/reconsideration.yaml."""
from __future__ import annotations

import sqlalchemy as sa

from caseflow.deadlines import queries as deadline_queries
from caseflow.errors import GuardFailed, ValidationFailed
from caseflow.extensions import db
from caseflow.serving import services as serving
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
    # Only the current suspension counts: an earlier, resumed one on ground 1, 2 or 4 left a stopped clock.
    if not deadline_queries.open_for_rules(case.id, ["reconsideration.suspension_termination"]):
        raise GuardFailed("The current suspension is not on ground 1, 2 or 4 of Art. 39(1) (ARL Art. 41(5))",
                          errors={"data.ground": ["本次中止不是依第三十九条第一款第一、二、四项，不适用第四十一条第五项"]})
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


def _period_running(case, on, rule_ids, what_zh: str, what_en: str, basis: str) -> None:
    """Refuse once the open period of `rule_ids` has run out (`on` after its last day)."""
    running = deadline_queries.open_for_rules(case.id, rule_ids)
    due = running[-1].due_on if running else None
    if not running or (due is not None and on > due):
        when = f"于{due.isoformat()}" if due else ""
        raise GuardFailed(f"{what_en} has run out ({basis})",
                          errors={"on": [f"{what_zh}已{when}届满（{basis}）"]})


@guard
def within_acceptance_review(case, on, data):
    """ARL Art. 30(3): an application not refused within the 5 working days of review is deemed accepted, so a
    refusal after them is too late."""
    _period_running(case, on, ["reconsideration.acceptance_review"], "受理审查期限，申请已视为受理",
                    "The acceptance review", "《行政复议法》第三十条第三款")


@guard
def one_supplement_notice(case, on, data):
    """ARL Art. 31(1): everything to supplement is listed in one notice (一次性告知)."""
    from caseflow.cases.models import CaseEvent

    earlier = db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(
        CaseEvent.case_id == case.id, CaseEvent.name == "request_supplement"))
    if earlier:
        raise GuardFailed("A supplement notice was already given (ARL Art. 31(1))",
                          errors={"transition": ["已经通知过补正；补正事项应当一次性告知（《行政复议法》第三十一条第一款）"]})


@guard
def within_supplement_notice_period(case, on, data):
    """ARL Art. 31(1): the supplement notice is given within 5 working days of receiving the application."""
    _period_running(case, on, ["reconsideration.supplement_notice"], "补正通知期限",
                    "The time for a supplement notice", "《行政复议法》第三十一条第一款")


@guard
def decision_period_running(case, on, data):
    """ARL Art. 62(1): a decision period is extended while it runs; once it has run out there is none to extend."""
    _period_running(case, on, ["reconsideration.decision"], "审理期限", "The decision period",
                    "《行政复议法》第六十二条第一款")


@guard
def served_on_every_party(case, on, data):
    """ARL Art. 75(2): the decision takes effect once served; record the day each party received it (the date
    on the 送达回证), and date this step no earlier than the last receipt."""
    if "service" not in data and "services" not in data:
        return  # before the form is filled in (listing the actions open today)
    receipts = serving.receipts_given(data)
    if not receipts or any(r is None for r in receipts):
        raise GuardFailed("The decision takes effect on service: record each party's receipt (ARL Art. 75)",
                          errors={"data.service": ["决定书自送达之日起发生法律效力，请填写各方收到日期"
                                                   "（《行政复议法》第七十五条第二款）"]})
    if on < max(receipts):
        raise GuardFailed("Date this step on or after the last receipt",
                          errors={"on": [f"办理日期不能早于最后一方收到决定书的日期{max(receipts).isoformat()}"]})


SIMPLIFIED_AMOUNT_LIMIT = 3000  # yuan, ARL Art. 53(1)(3)


@guard
def simplified_procedure_eligible(case, on, data):
    """ARL Art. 53: the simplified procedure needs one of the article's grounds (and facts that fit it); the
    ordinary procedure takes none."""
    ground = data.get("simplified_ground")
    if data.get("procedure") != "simplified":
        if ground:
            raise ValidationFailed("a simplified-procedure ground was given for the ordinary procedure",
                                   errors={"data.simplified_ground": ["普通程序无需选择简易程序情形"]})
        return
    if not ground:
        raise ValidationFailed("the simplified procedure needs its ground (ARL Art. 53)",
                               errors={"data.simplified_ground": ["适用简易程序须说明符合第五十三条的哪一情形"]})
    amount = data.get("amount_involved")
    if ground == "small_amount" and (amount is None or amount > SIMPLIFIED_AMOUNT_LIMIT):
        raise ValidationFailed("the amount involved must be 3,000 yuan or less (ARL Art. 53(1)(3))",
                               errors={"data.amount_involved": ["涉及款额须在三千元以下（第五十三条第一款第三项）"]})
    if ground == "information_disclosure" and (case.act is None or case.act.act_type != "information_disclosure"):
        raise ValidationFailed("the contested act is not a disclosure decision (ARL Art. 53(1)(4))",
                               errors={"data.simplified_ground": ["被申请的行政行为不是政府信息公开行为"]})


@guard
def views_record_complete(case, on, data):
    """ARL Art. 49: views are heard in person, online or by phone and recorded; a failure for the party's reason is
    recorded instead (the case may then be decided on the papers)."""
    if not data.get("not_heard_for_party_reason") and not data.get("method"):
        raise ValidationFailed("how the views were heard is required (ARL Art. 49)",
                               errors={"data.method": ["请选择听取方式（当面、互联网或电话）"]})


@guard
def views_heard_in_the_ordinary_procedure(case, on, data):
    """ARL Art. 49: an ordinary-procedure case is decided only after the parties' views were heard (or could not
    be, for their reason). The simplified procedure may be decided on the papers (Art. 54)."""
    if case.procedure == "ordinary" and case.views_heard_on is None:
        raise GuardFailed("Hear the parties' views before deciding (ARL Art. 49)",
                          errors={"transition": ["适用普通程序的案件，作出决定前应当听取当事人意见并记录在案"
                                                 "（《行政复议法》第四十九条）"]})


@guard
def decision_not_final(case, on, data):
    """A suit is recorded while the decision can still be challenged, once."""
    if case.suit_filed_on is not None:
        raise GuardFailed("A suit is already recorded",
                          errors={"transition": [f"已记录于{case.suit_filed_on.isoformat()}起诉"]})
    if case.final_on is not None:
        raise GuardFailed("The decision is already final",
                          errors={"transition": [f"决定已于{case.final_on.isoformat()}发生法律效力"]})


@guard
def suit_window_closed(case, on, data):
    """R30: the decision is final once the applicant's time to sue ran out with no suit recorded."""
    decision_not_final(case, on, data)
    require_period_expired(case, on, ["litigation.after_decision"], "起诉", "The time to sue",
                           "《中华人民共和国行政诉讼法》第四十五条")


@guard
def suit_awaiting_outcome(case, on, data):
    """The judgment on a recorded suit is recorded once, on or after the filing."""
    if case.suit_filed_on is None:
        raise GuardFailed("No suit is recorded", errors={"transition": ["尚未记录起诉"]})
    if case.suit_outcome is not None:
        raise GuardFailed("The outcome is already recorded",
                          errors={"transition": [f"已于{case.suit_outcome_on.isoformat()}记录诉讼结果"]})
    if on < case.suit_filed_on:
        raise GuardFailed("Before the suit was filed", errors={"on": ["结果日期不能早于起诉日期"]})


@guard
def no_opinion_letter_awaiting_report(case, on, data):
    """One opinion letter at a time: the next waits for the report on the last (ARL Art. 76)."""
    if deadline_queries.open_for_rules(case.id, ["reconsideration.opinion_report"]):
        raise GuardFailed("An opinion letter still awaits its report",
                          errors={"transition": ["已制发的行政复议意见书尚未反馈，请先记录反馈"]})


@guard
def opinion_letter_awaiting_report(case, on, data):
    if not deadline_queries.open_for_rules(case.id, ["reconsideration.opinion_report"]):
        raise GuardFailed("No opinion letter awaits a report",
                          errors={"transition": ["本案没有待反馈的行政复议意见书"]})


@guard
def performance_period_expired(case, on, data):
    """R28 (ARL Art. 77): non-performance is recorded once, after the decision's performance period ran out."""
    if case.non_performance_on is not None:
        raise GuardFailed("Non-performance is already recorded",
                          errors={"transition": [f"已于{case.non_performance_on.isoformat()}记录逾期未履行"]})
    require_period_expired(case, on, ["reconsideration.performance"], "履行", "The performance period",
                           "《行政复议法》第七十七条")
