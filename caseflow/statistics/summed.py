"""The figures read from the summary table (stat_tally, caseflow.statistics.tally) instead of the cases: a few rows
per day (or month), office and respondent agency. It keeps the office, kind, respondent agency, procedure and handler
of each count, so every filter of the dashboard applies to it; the figures it does not keep (those counted from
events, extensions and pauses, open cases by age, notices, mediation's and adjudication's breakdowns) are counted
over the cases (caseflow.statistics.queries)."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from caseflow.cases.kinds import all_kinds
from caseflow.extensions import db
from caseflow.organisations.models import RespondentAgency
from caseflow.statistics import definitions as d
from caseflow.statistics.models import StatTally
from caseflow.statistics.period import Period

T = StatTally.__table__.c
SINCE = date(1900, 1, 1)
RECEIVED = {"reconsideration": "received", "mediation": "m_received", "adjudication": "a_received"}


def usable(scope) -> bool:
    return scope.summary


def _scope(scope) -> list:
    kinds = [k for k in all_kinds() if scope.includes(k)]
    out = [] if set(kinds) == set(all_kinds()) else [T.kind.in_(kinds or ["-"])]
    out += scope.office_conditions(T.office_id)
    if scope.agency_id:
        out.append(T.agency_id == scope.agency_id)
    if scope.procedure:
        out.append(T.procedure == scope.procedure)
    if scope.handler_id:
        out.append(T.handler_id == scope.handler_id)
    agencies = []
    if scope.agency_level:
        agencies.append(RespondentAgency.level == scope.agency_level)
    if scope.field:
        agencies.append(RespondentAgency.field == scope.field)
    if agencies:
        out.append(T.agency_id.in_(sa.select(RespondentAgency.id).where(*agencies)))
    return out


def _in(period: Period):
    """The rows that make up the period exactly: its whole months' month rows, and the day rows of the days before
    the first whole month and after the last (every day's rows, for a period without a whole month)."""
    first = period.start if period.start.day == 1 else _next_month(period.start)
    after = _next_month(period.end) if _next_month(period.end) - timedelta(days=1) == period.end \
        else period.end.replace(day=1)  # the first day after the last whole month
    if first >= after:
        return sa.and_(T.grain == "d", T.day.between(period.start, period.end))
    parts = [sa.and_(T.grain == "m", T.day >= first, T.day < after)]
    if period.start < first:
        parts.append(sa.and_(T.grain == "d", T.day >= period.start, T.day < first))
    if after <= period.end:
        parts.append(sa.and_(T.grain == "d", T.day >= after, T.day <= period.end))
    return sa.or_(*parts)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _upto(day: date):
    """Every row up to `day`, inclusive."""
    return _in(Period(SINCE, day, ""))


def _sum(condition):
    return sa.func.coalesce(sa.func.sum(T.n).filter(condition), 0)


def set_counts(scope, kind: str, periods: list[Period]) -> list[dict[str, int]]:
    """The dated sets of `kind` (and 结转, from two of them) for each period: two statements over the table."""
    keys = [s.key for s in d.SETS.values() if s.kind == kind and s.day is not None]
    base = [T.figure.in_(keys), T.kind == kind, *_scope(scope)]
    rows = db.session.execute(sa.select(T.figure, *[_sum(_in(p)) for p in periods])
                              .where(*base, sa.or_(*[_in(p) for p in periods])).group_by(T.figure)).all()
    found = {figure: values for figure, *values in rows}
    out = [{k: int(found.get(k, [0] * len(periods))[i]) for k in keys} for i in range(len(periods))]
    if kind == "reconsideration":
        # 结转 at the end E: accepted by E, less accepted_closed by E (definitions.tallies()).
        last = max(p.end for p in periods)
        rows = dict((f, v) for f, *v in db.session.execute(
            sa.select(T.figure, *[_sum(_upto(p.end)) for p in periods])
            .where(T.figure.in_(("accepted", "accepted_closed")), T.kind == kind, *_scope(scope), _upto(last))
            .group_by(T.figure)))
        for i, counts in enumerate(out):
            counts["carried_over"] = int(rows.get("accepted", [0] * len(periods))[i]) - int(
                rows.get("accepted_closed", [0] * len(periods))[i])
    return out


def concluded_breakdown(scope, period: Period) -> list:
    """(month, outcome key, None, n) and (month, None, handling days, n) of the reconsiderations concluded in the
    period: the marginals the handling time, the outcome mix and the trends read."""
    month = d.month_of(T.day)
    rows = db.session.execute(sa.select(T.figure, month, T.detail, sa.func.sum(T.n)).where(
        T.figure.in_(("outcome", "handling")), T.kind == "reconsideration", *_scope(scope), _in(period))
        .group_by(T.figure, month, T.detail)).all()
    return [(m, detail, None, int(n)) if figure == "outcome" else (m, None, int(detail), int(n))
            for figure, m, detail, n in rows if n]


def deadline_results(scope, period: Period, by_agency: bool = False, rules=None) -> list[tuple]:
    """(rule[, agency], met, late) of the deadlines closed in the period."""
    met = T.detail.like("%:met")
    columns = [sa.func.substr(T.detail, 1, sa.func.length(T.detail) - sa.case((met, 4), else_=5)).label("rule")]
    if by_agency:
        columns.append(T.agency_id)
    conditions = [T.figure == "deadline", *_scope(scope), _in(period)]
    if rules is not None:
        conditions += [T.kind == "reconsideration",
                       T.detail.in_([f"{r}:{x}" for r in rules for x in ("met", "late")])]
    rows = db.session.execute(sa.select(*columns, _sum(met), _sum(sa.not_(met))).where(*conditions)
                              .group_by(*columns)).all()
    return [tuple(r) for r in rows if r[-1] or r[-2]]  # (a row a change brought down to 0 stays, at 0)


def by_agency(scope, period: Period, keys: tuple[str, ...]) -> dict[int, dict[str, int]]:
    """The reconsideration sets `keys` of the period per respondent agency."""
    out: dict[int, dict[str, int]] = {}
    for agency_id, figure, n in db.session.execute(
            sa.select(T.agency_id, T.figure, sa.func.sum(T.n)).where(
                T.figure.in_(keys), T.kind == "reconsideration", *_scope(scope), _in(period))
            .group_by(T.agency_id, T.figure)):
        out.setdefault(agency_id, dict.fromkeys(keys, 0))[figure] = int(n)
    return out


def received_by_month(scope, period: Period) -> list[tuple]:
    """(kind, month, n) of the cases received in the period."""
    month = d.month_of(T.day)
    figure_kind = {v: k for k, v in RECEIVED.items()}
    rows = db.session.execute(sa.select(T.figure, month, sa.func.sum(T.n)).where(
        sa.or_(*[sa.and_(T.figure == f, T.kind == k) for k, f in RECEIVED.items()]), *_scope(scope), _in(period))
        .group_by(T.figure, month)).all()
    return [(figure_kind[f], m, int(n)) for f, m, n in rows if n]
