"""The one place each figure is defined (as the reconsideration statistics system counts it): which cases a count takes, and which two counts make
a rate. The dashboard, the API, both exports and the drill-down read these definitions; nothing else decides what
a figure means.

A count is a *case set*: a SQL condition over one kind's cases for a period (`SetDef.where(period)`). The same
condition counts the cases (an aggregate, no case loaded) and lists them (the drill-down). A rate is two sets:
its numerator and its denominator, shown with both; a zero denominator gives no rate ("—"), never 0%.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql import util as sql_util
from sqlalchemy.sql.expression import FunctionElement

from caseflow.cases.models import Case, CaseEvent, Party
from caseflow.deadlines.models import Deadline, DeadlineExtension, DeadlinePause
from caseflow.kinds.adjudication.models import AdjudicationCase
from caseflow.kinds.mediation.models import MediationCase
from caseflow.kinds.reconsideration.models import ContestedAct, ReconsiderationCase
from caseflow.statistics.period import Period

R, M, A = ReconsiderationCase, MediationCase, AdjudicationCase
# The reconsideration detail's own id column (R.id is the shared case table's): conditions written with it can be
# counted over the detail table alone, without reading the case table (caseflow.statistics.queries.count_sets_of).
RC_ID = R.__table__.c.id

# --- portable SQL for dates -------------------------------------------------------------------------------------


class days_between(FunctionElement):  # noqa: N801 (a SQL function)
    """Calendar days from the second date to the first, as an integer, on SQLite and PostgreSQL."""
    type = sa.Integer()
    inherit_cache = True


@compiles(days_between)
def _days_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_pg(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


class month_of(FunctionElement):  # noqa: N801
    """'YYYY-MM' of a date."""
    type = sa.String()
    inherit_cache = True


@compiles(month_of)
def _month_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(list(element.clauses)[0], **kw)})"


@compiles(month_of, "postgresql")
def _month_pg(element, compiler, **kw):
    return f"to_char({compiler.process(list(element.clauses)[0], **kw)}, 'YYYY-MM')"


class month_start(FunctionElement):  # noqa: N801
    """The first day of a date's month."""
    type = sa.Date()
    inherit_cache = True


@compiles(month_start)
def _month_start_sqlite(element, compiler, **kw):
    return f"date({compiler.process(list(element.clauses)[0], **kw)}, 'start of month')"


@compiles(month_start, "postgresql")
def _month_start_pg(element, compiler, **kw):
    return f"CAST(date_trunc('month', {compiler.process(list(element.clauses)[0], **kw)}) AS DATE)"


def within(column, period: Period):
    return column.between(period.start, period.end)


# --- reconsideration outcomes (ARL Arts. 33, 63-74; legal-reference §1.9, §6.2) ---------------------------------

DECISIONS = ("vary", "revoke", "partially_revoke", "revoke_and_redo", "confirm_illegal", "order_performance",
             "confirm_invalid", "maintain", "dismiss_request", "dismiss_application", "administrative_agreement",
             "compensation")
# 纠错: the decisions that correct the act (变更, 撤销, 确认违法, 责令履行, 确认无效).
CORRECTIONS = ("vary", "revoke", "partially_revoke", "revoke_and_redo", "confirm_illegal", "order_performance",
               "confirm_invalid")
CONCLUDING = DECISIONS + ("mediation", "withdrawal", "termination")  # 审结: concluded after acceptance

OUTCOME_LABELS = {
    "maintain": ("维持", "Maintained"), "dismiss_request": ("驳回复议请求", "Request dismissed"),
    "dismiss_application": ("驳回申请", "Application dismissed"), "vary": ("变更", "Varied"),
    "revoke": ("撤销", "Revoked"), "partially_revoke": ("部分撤销", "Partly revoked"),
    "revoke_and_redo": ("撤销并责令重作", "Revoked, new act ordered"), "confirm_illegal": ("确认违法", "Confirmed illegal"),
    "confirm_invalid": ("确认无效", "Confirmed invalid"), "order_performance": ("责令履行", "Performance ordered"),
    "administrative_agreement": ("行政协议", "Administrative agreement"), "compensation": ("赔偿", "Compensation"),
    "mediation": ("调解书", "Mediation document"), "withdrawal_settled": ("和解撤回", "Withdrawn after settlement"),
    "withdrawal": ("其他撤回", "Other withdrawal"), "termination": ("终止", "Terminated"),
}


def outcome_key():
    """The outcome as the mix shows it: a withdrawal after settlement apart from other withdrawals."""
    return sa.case((sa.and_(R.outcome == "withdrawal", R.settled), "withdrawal_settled"), else_=R.outcome)


# --- case sets ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetDef:
    key: str
    kind: str  # reconsideration | mediation | adjudication: the table the condition is over
    title: tuple[str, str]
    where: Callable[[Period], object]
    definition: tuple[str, str] = ("", "")
    # A set "dated" by one day of the case (the day column in the period, and a condition of the row alone): its
    # counts are also kept per day in the summary table (caseflow.statistics.tally), exactly.
    day: Callable[[], object] | None = None
    when: Callable[[], object] | None = None


def dated(key: str, kind: str, title: tuple[str, str], day, when=None, definition: tuple[str, str] = ("", "")):
    """A set of the cases whose `day` falls in the period and that meet `when` (a condition of the row alone, without
    the period): where(p) is exactly `day BETWEEN p.start AND p.end [AND when]`."""

    def where(p):
        return within(day(), p) if when is None else sa.and_(within(day(), p), when())
    return SetDef(key, kind, title, where, definition, day, when)


def _concluded_when():
    return sa.and_(R.accepted_on.is_not(None), R.outcome.in_(CONCLUDING))


def _concluded(p):
    # The period's range first in every condition: PostgreSQL tests an AND's terms in order, and most rows fail it.
    return sa.and_(within(R.concluded_on, p), _concluded_when())


def _event_in(name: str, p):
    # Uncorrelated IN, not a correlated EXISTS: one hashed subquery however many cases are counted.
    return RC_ID.in_(sa.select(CaseEvent.case_id).where(CaseEvent.name == name, within(CaseEvent.effective_on, p)))


def _mediation_concluded_on():
    return sa.func.coalesce(M.agreement_on, M.closed_on)


def _mediation_concluded_when():
    return M.outcome.in_(("agreement", "failed", "terminated"))


def _mediation_concluded(p):
    return sa.and_(within(_mediation_concluded_on(), p), _mediation_concluded_when())


def _concluded_in(outcomes):
    return lambda: sa.and_(_concluded_when(), R.outcome.in_(outcomes))


RC = "reconsideration"
RECONSIDERATION_SETS = [
    dated("received", RC, ("收案", "Received"), lambda: R.received_on, None,
          ("期间内收到的全部申请", "every application received in the period")),
    dated("accepted", RC, ("受理", "Accepted"), lambda: R.accepted_on, None,
          ("期间内受理，含视为受理（第三十条第三款）", "accepted in the period, deemed acceptances included (Art. 30(3))")),
    dated("deemed_accepted", RC, ("其中视为受理", "of which deemed accepted"), lambda: R.accepted_on,
          lambda: R.deemed_accepted, ("审查期满未决定而视为受理：质量警示", "the review ran out: a quality warning")),
    dated("not_accepted", RC, ("不予受理", "Not accepted"), lambda: R.concluded_on,
          lambda: R.outcome == "not_accepted"),
    SetDef("supplement_requested", RC, ("补正", "Supplement requested"),
           lambda p: _event_in("request_supplement", p), ("期间内发出补正通知（第三十一条）", "supplement notices sent in the period (Art. 31)")),
    dated("deemed_abandoned", RC, ("视为放弃", "Deemed abandoned"), lambda: R.concluded_on,
          lambda: R.outcome == "deemed_abandoned"),
    dated("withdrawn_before_acceptance", RC, ("受理前撤回", "Withdrawn before acceptance"), lambda: R.concluded_on,
          lambda: sa.and_(R.outcome == "withdrawal", R.accepted_on.is_(None))),
    dated("concluded", RC, ("审结", "Concluded"), lambda: R.concluded_on, _concluded_when,
          ("受理后以决定、调解书、撤回或终止结案，以结案日计入期间", "concluded after acceptance by decision, mediation document, withdrawal or termination, on its day")),
    dated("decided", RC, ("决定审结", "Concluded by decision"), lambda: R.concluded_on, _concluded_in(DECISIONS),
          ("以行政复议决定审结（第六十三条至第七十二条及第三十三条）", "concluded by a decision (Arts. 33, 63-72)")),
    dated("corrected", RC, ("纠错", "Corrected"), lambda: R.concluded_on, _concluded_in(CORRECTIONS),
          ("变更、撤销（含部分撤销、责令重作）、确认违法、责令履行、确认无效", "varied, revoked (partly, or with a new act ordered), confirmed illegal, ordered to perform, confirmed invalid")),
    dated("mediated_or_withdrawn", RC, ("调解、和解及撤回", "Mediated, settled or withdrawn"), lambda: R.concluded_on,
          _concluded_in(("mediation", "withdrawal")),
          ("调解书结案 + 和解后撤回 + 其他撤回（受理后）", "mediation documents + withdrawals after settlement + other withdrawals (after acceptance)")),
    SetDef("carried_over", RC, ("结转", "Carried over"),
           lambda p: sa.and_(sa.or_(R.concluded_on.is_(None), R.concluded_on > p.end), R.accepted_on <= p.end),
           ("期末已受理尚未审结", "accepted and not concluded at the period's end")),
    SetDef("extended", RC, ("延长审理期限", "Extended"), lambda p: RC_ID.in_(sa.select(Deadline.case_id).join(
        DeadlineExtension, DeadlineExtension.deadline_id == Deadline.id).where(within(DeadlineExtension.approved_on, p))), ("期间内批准延期（第六十二条）", "extensions approved in the period (Art. 62)")),
    SetDef("suspended", RC, ("中止", "Suspended"), lambda p: RC_ID.in_(sa.select(Deadline.case_id).join(
        DeadlinePause, DeadlinePause.deadline_id == Deadline.id).where(within(DeadlinePause.paused_on, p),
                                                                        DeadlinePause.ground.like("中止%"))), ("期间内中止审理（第三十九条）", "suspended in the period (Art. 39)")),
    SetDef("no_reply", RC, ("被申请人未按期答复", "Respondent did not reply in time"),
           lambda p: sa.and_(R.no_reply, _event_in("record_no_reply", p))),
    # 行政应诉: the decisions of the period that were then sued, and the judgments recorded in the period.
    dated("sued", RC, ("复议后被诉", "Sued after the decision"), lambda: R.concluded_on,
          lambda: sa.and_(_concluded_when(), R.outcome.in_(DECISIONS), R.suit_filed_on.is_not(None)),
          ("期间内决定审结、其后被提起行政诉讼（行政诉讼法第四十五条）", "concluded by decision in the period and then sued (ALL Art. 45)")),
    dated("suit_judged", RC, ("诉讼审结", "Suits concluded"), lambda: R.suit_outcome_on),
    dated("suit_lost", RC, ("败诉", "Lost"), lambda: R.suit_outcome_on, lambda: R.suit_outcome == "lost"),
    dated("suit_hearings", RC, ("开庭审理的诉讼", "Suits heard in court"), lambda: R.suit_outcome_on,
          lambda: R.suit_head_appeared.in_(("yes", "no"))),
    dated("head_appeared", RC, ("负责人出庭", "Person in charge appeared"), lambda: R.suit_outcome_on,
          lambda: R.suit_head_appeared == "yes",
          ("行政诉讼法第三条第三款；最高人民法院2020年关于行政机关负责人出庭应诉的规定", "ALL Art. 3(3); SPC 2020 provisions")),
]

MD, AD = "mediation", "adjudication"
MEDIATION_SETS = [
    dated("m_received", MD, ("收案", "Received"), lambda: M.received_on),
    dated("m_accepted", MD, ("受理", "Accepted"), lambda: M.accepted_on),
    dated("m_concluded", MD, ("办结", "Concluded"), _mediation_concluded_on, _mediation_concluded_when,
          ("达成协议、调解不成或终止，以协议日或结案日计入", "an agreement, a failure or a termination, on its day")),
    dated("m_agreement", MD, ("调解成功", "Agreement reached"), lambda: M.agreement_on,
          lambda: M.outcome == "agreement"),
    dated("m_performed", MD, ("协议已履行", "Agreement performed"), lambda: M.closed_on,
          lambda: M.state == "performed"),
    dated("m_confirmation_applied", MD, ("申请司法确认", "Judicial confirmation applied for"),
          lambda: M.confirmation_applied_on, None, ("人民调解法第三十三条", "PML Art. 33")),
    dated("m_confirmed", MD, ("司法确认有效", "Confirmed by the court"), lambda: M.confirmation_ruled_on,
          lambda: M.confirmation_result == "confirmed"),
]

ADJUDICATION_SETS = [
    dated("a_received", AD, ("收案", "Received"), lambda: A.received_on),
    dated("a_accepted", AD, ("受理", "Accepted"), lambda: A.accepted_on),
    dated("a_decided", AD, ("裁决或调解结案", "Ruled or mediated"), lambda: A.decided_on),
]

def reads_case_table(condition) -> bool:
    """Whether `condition` reads a column of the shared case table (received_on, closed_on, state, ...) rather than
    only the kind's own detail table."""
    return Case.__table__ in sql_util.find_tables(condition, check_columns=True)


def reads_only_case_table(condition) -> bool:
    """Whether `condition` reads columns of the shared case table and of no other table."""
    return set(sql_util.find_tables(condition, check_columns=True)) <= {Case.__table__} and not reads_other_tables(
        condition)


def leading_term(condition):
    """The first term of an AND (the condition itself otherwise): every row the condition takes, it takes."""
    if isinstance(condition, sa.BooleanClauseList) and condition.operator is operators.and_:
        return leading_term(condition.clauses[0])
    return condition


def id_source(condition, id_column):
    """The SELECT of ids a condition requires its row's id to be in (`id IN (SELECT ...)`, alone or as a term of an
    AND), or None when it has no such shape: every row the condition takes is then among those ids."""
    terms = condition.clauses if isinstance(condition, sa.BooleanClauseList) and condition.operator is operators.and_ \
        else [condition]
    for term in terms:
        if (isinstance(term, sa.BinaryExpression) and term.operator is operators.in_op and term.left is id_column
                and isinstance(term.right, sa.ScalarSelect)):
            return term.right.element
    return None


def reads_other_tables(condition) -> bool:
    """Whether `condition` reads ids from another table (a subquery over events, extensions, pauses)."""
    return any(isinstance(e, sa.Select) for e in visitors.iterate(condition))


SETS: dict[str, SetDef] = {s.key: s for s in RECONSIDERATION_SETS + MEDIATION_SETS + ADJUDICATION_SETS}
ENTITIES = {"reconsideration": R, "mediation": M, "adjudication": A}
ENTITY_IDS = {kind: entity.__table__.c.id for kind, entity in ENTITIES.items()}  # each detail table's own id


@dataclass(frozen=True)
class RateDef:
    key: str
    title: tuple[str, str]
    numerator: str
    denominator: str
    definition: tuple[str, str]


RATES = [
    RateDef("correction_rate", ("纠错率", "Correction rate"), "corrected", "decided",
            ("纠错（变更、撤销、确认违法、责令履行、确认无效）÷ 以决定审结的案件（统计口径依《行政复议、行政应诉案件统计制度》）",
             "corrections (varied, revoked, confirmed illegal, ordered to perform, confirmed invalid) ÷ cases "
             "concluded by decision (as the reconsideration statistics system counts it)")),
    RateDef("mediation_withdrawal_rate", ("调撤率", "Mediation and withdrawal rate"), "mediated_or_withdrawn",
            "concluded", ("（调解书 + 和解后撤回 + 其他撤回）÷ 全部审结案件（统计口径依《行政复议、行政应诉案件统计制度》）",
                          "(mediation documents + withdrawals after settlement + other withdrawals) ÷ every "
                          "concluded case (as the reconsideration statistics system counts it)")),
    RateDef("deemed_acceptance_share", ("视为受理占比", "Deemed acceptances"), "deemed_accepted", "accepted",
            ("视为受理 ÷ 受理（第三十条第三款）", "deemed acceptances ÷ acceptances (Art. 30(3))")),
    RateDef("suit_rate", ("复议后起诉率", "Suit rate after reconsideration"), "sued", "decided",
            ("决定审结后被起诉 ÷ 以决定审结的案件", "decisions then sued ÷ cases concluded by decision")),
    RateDef("loss_rate", ("败诉率", "Litigation loss rate"), "suit_lost", "suit_judged",
            ("败诉 ÷ 期间内审结的行政诉讼", "suits lost ÷ suits concluded in the period")),
    RateDef("head_appearance_rate", ("负责人出庭应诉率", "Person-in-charge appearance rate"), "head_appeared",
            "suit_hearings", ("负责人出庭 ÷ 开庭审理的诉讼（行政诉讼法第三条第三款）",
                              "hearings the person in charge attended ÷ hearings (ALL Art. 3(3))")),
    RateDef("mediation_success_rate", ("调解成功率", "Mediation success rate"), "m_agreement", "m_concluded",
            ("达成协议 ÷ 办结（协议、不成、终止）", "agreements ÷ concluded (agreement, failure, termination)")),
    RateDef("confirmation_rate", ("司法确认率", "Judicial confirmation rate"), "m_confirmation_applied",
            "m_agreement", ("申请司法确认 ÷ 达成协议", "applications for confirmation ÷ agreements")),
]
RATE_BY_KEY = {r.key: r for r in RATES}


def rate(numerator: int, denominator: int) -> float | None:
    """A share in percent with two decimals; None (shown "—") when nothing is in the denominator."""
    return None if not denominator else round(100.0 * numerator / denominator, 2)


# --- the summary table's figures (caseflow.statistics.tally keeps their counts per day, office, respondent) ----------


class latest_of(FunctionElement):  # noqa: N801
    """The later of two dates (both not null)."""
    type = sa.Date()
    inherit_cache = True


@compiles(latest_of)
def _latest_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(latest_of, "postgresql")
def _latest_pg(element, compiler, **kw):
    return f"greatest({compiler.process(element.clauses, **kw)})"


@dataclass(frozen=True)
class TallyDef:
    """A figure kept per day: the rows of `kind` (None: the deadlines of a case of any kind) that meet `when`,
    counted on their `day`, apart by `detail` (an outcome, a number of days, a rule and its result)."""
    figure: str
    kind: str | None
    day: Callable[[], object]
    when: Callable[[], object] | None = None
    detail: Callable[[], object] | None = None


def _handling_days():
    return sa.cast(days_between(R.concluded_on, R.accepted_on), sa.String)


def _deadline_result():
    return Deadline.rule_id + sa.literal(":") + sa.case((Deadline.status == "met", "met"), else_="late")


def tallies() -> list[TallyDef]:
    """Every figure of the summary table: each dated set as it is defined above, and the breakdowns.

    - outcome: the concluded cases by outcome as the mix shows it (outcome_key), on the day of conclusion;
    - handling: the concluded cases by calendar days from acceptance to conclusion;
    - accepted_closed: the accepted cases that concluded, on the later of the two days. 结转 at a day D is then
      "accepted by D" minus "accepted_closed by D": accepted by D and not concluded by D (the carried_over set);
    - deadline: the deadlines met ("<rule>:met") or late or run out ("<rule>:late"), on the day they closed."""
    out = [TallyDef(s.key, s.kind, s.day, s.when) for s in SETS.values() if s.day is not None]
    out += [
        TallyDef("outcome", "reconsideration", lambda: R.concluded_on, _concluded_when, outcome_key),
        TallyDef("handling", "reconsideration", lambda: R.concluded_on, _concluded_when, _handling_days),
        TallyDef("accepted_closed", "reconsideration", lambda: latest_of(R.accepted_on, R.concluded_on),
                 lambda: sa.and_(R.accepted_on.is_not(None), R.concluded_on.is_not(None))),
        TallyDef("deadline", None, lambda: Deadline.closed_on,
                 lambda: Deadline.status.in_(("met", "late", "expired")), _deadline_result),
    ]
    return out


# --- groups: the breakdowns a drill-down can also reach ------------------------------------------------------------

AGE_BUCKETS = [("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("91-180", 91, 180), ("181+", 181, None)]


def open_on(entity, day):
    """Open at the end of `day`: received by then and not closed by then."""
    return sa.and_(entity.received_on <= day, sa.or_(entity.closed_on.is_(None), entity.closed_on > day))


def age_bucket(entity, day):
    age = days_between(sa.literal(day, sa.Date), entity.received_on)
    return sa.case(*[(age <= hi, key) for key, lo, hi in AGE_BUCKETS if hi is not None],
                   else_=AGE_BUCKETS[-1][0])


def group_condition(stat: str, period: Period, today):
    """(kind, condition) of a drill-down key: a case set, an outcome, an age bucket, a deadline rule's met or late
    deadlines, a mediation category, an adjudication sub-kind. None for a key that names nothing."""
    if stat in SETS:
        s = SETS[stat]
        return s.kind, s.where(period)
    name, _, value = stat.partition(":")
    if not value:
        return None
    if name == "outcome":
        return "reconsideration", sa.and_(_concluded(period), outcome_key() == value)
    if name == "open_age":
        day = min(period.end, today)
        kind, _, bucket = value.partition(":")
        entity = ENTITIES.get(kind)
        if entity is None or bucket not in {b[0] for b in AGE_BUCKETS}:
            return None
        return kind, sa.and_(open_on(entity, day), age_bucket(entity, day) == bucket)
    if name in ("deadline_met", "deadline_late"):
        statuses = ("met",) if name == "deadline_met" else ("late", "expired")
        return None, Case.id.in_(sa.select(Deadline.case_id).where(
            Deadline.rule_id == value, Deadline.status.in_(statuses), within(Deadline.closed_on, period)))
    if name == "m_category":
        return "mediation", sa.and_(_mediation_concluded(period), M.dispute_category == value)
    if name == "a_profile":
        return "adjudication", sa.and_(within(A.received_on, period), A.profile == value)
    return None


# --- the official reconsideration table (legal-reference §6.1: receipt, acceptance, conclusion by outcome, by the
# respondent's level; the 2024 reporting system's columns that CaseFlow records) --------------------------------

# 收案 apart by what is recorded at registration (legal-reference §6.1, the 统计报表说明's columns): the applicant's type
# (a case with an organisation among its applicants is an organisation's) and the matter (the contested act's type).
APPLICANT_TYPES = [("natural_person", ("其中：自然人申请", "of which: by natural persons")),
                   ("organisation", ("其中：法人或其他组织申请", "of which: by organisations"))]
MATTER_TYPES = [("penalty", ("其中：行政处罚", "of which: penalties")),
                ("licensing", ("其中：行政许可", "of which: licensing")),
                ("compulsory_measure", ("其中：行政强制", "of which: compulsory measures")),
                ("non_performance", ("其中：不履行法定职责", "of which: failure to perform a duty")),
                ("other", ("其中：其他行政行为", "of which: other acts"))]
# Columns of the reporting system CaseFlow does not record: the official table carries them, marked 未采集 with why.
NOT_COLLECTED = [
    ("复议前置", "Mandatory prior reconsideration",
     "登记时未记录申请是否属于行政复议法第二十三条规定的复议前置情形",
     "registration does not record whether the application is one ARL Art. 23 makes a prerequisite to a suit"),
    ("自愿选择复议", "Elective reconsideration", "同上：复议前置与自愿选择未区分",
     "as above: prerequisite and elective applications are not told apart"),
    ("受理前转送", "Referred before acceptance",
     "CaseFlow 对不属于本机关管辖的申请以不予受理并告知有管辖权的机关结案（行政复议法第三十条），不记录转送",
     "an application for another organ ends as not accepted with that organ named (ARL Art. 30); no referral "
     "is recorded"),
]
NOT_COLLECTED_MARK = ("未采集", "not recorded")

OFFICIAL_COLUMNS = [
    ("收案", "Received", "received"),
    *[(zh, en, f"applicant:{key}") for key, (zh, en) in APPLICANT_TYPES],
    *[(zh, en, f"matter:{key}") for key, (zh, en) in MATTER_TYPES], ("受理", "Accepted", "accepted"), ("其中视为受理", "of which deemed", "deemed_accepted"),
    ("不予受理", "Not accepted", "not_accepted"), ("补正", "Supplement", "supplement_requested"),
    ("视为放弃", "Deemed abandoned", "deemed_abandoned"), ("受理前撤回", "Withdrawn before acceptance",
                                                          "withdrawn_before_acceptance"),
    ("已审结", "Concluded", "concluded"),
    *[(zh, en, f"outcome:{key}") for key, (zh, en) in OUTCOME_LABELS.items()],
    ("纠错", "Corrected", "corrected"), ("结转", "Carried over", "carried_over"),
]
OFFICIAL_RATES = [("纠错率", "Correction rate", "corrected", "decided"),
                  ("调撤率", "Mediation and withdrawal rate", "mediated_or_withdrawn", "concluded")]


def official_condition(key: str, period: Period):
    name, _, value = key.partition(":")
    if name == "outcome":
        return sa.and_(_concluded(period), outcome_key() == value)
    if name == "applicant":
        organisations = R.id.in_(sa.select(Party.case_id).where(Party.role == "applicant",
                                                                 Party.kind == "organisation"))
        return sa.and_(within(R.received_on, period), organisations if value == "organisation" else ~organisations)
    if name == "matter":
        named = [k for k, _title in MATTER_TYPES if k != "other"]
        acts = sa.select(ContestedAct.case_id).where(
            ContestedAct.act_type == value if value != "other" else ContestedAct.act_type.in_(named))
        return sa.and_(within(R.received_on, period), R.id.in_(acts) if value != "other" else ~R.id.in_(acts))
    return SETS[key].where(period)
