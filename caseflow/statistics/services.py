"""What a reader asks for, read: the filters checked against what they may see, the period parsed, the figures
computed. Read only: nothing here writes."""
from __future__ import annotations

import sqlalchemy as sa

from caseflow.cases import queries as case_queries
from caseflow.clock import today_local
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.kinds.mediation.models import DISPUTE_CATEGORIES
from caseflow.statistics import queries, report
from caseflow.statistics.period import PeriodError, parse_period

DRILL_LIMIT = 500


def _scope_and_period(user, args: dict):
    try:
        period = parse_period(args.get("period"), args.get("start"), args.get("end"), today=today_local())
        scope = queries.build_scope(user, args)
    except PeriodError as exc:
        raise ValidationFailed(exc.message, errors={exc.field: [exc.message]}) from None
    return scope, period


def figures(user, args: dict, lang: str) -> dict:
    """The report of the period and filters `args` for `user` (ValidationFailed naming a bad filter)."""
    scope, period = _scope_and_period(user, args)
    return report.build(queries.figures(scope, period, today_local()), lang, DISPUTE_CATEGORIES)


def drill_down(user, args: dict):
    """The SELECT of the cases behind figure `args['stat']`, as the case list filters them."""
    scope, period = _scope_and_period(user, args)
    ids = queries.drill_down(scope, args["stat"], period, today_local())
    if ids is None:
        raise ValidationFailed("unknown figure", errors={"stat": ["没有这个统计项 (no such figure)"]})
    return case_queries.filter_cases(user, {"case_ids": ids, "sort": "received_on"})


def drill_page(user, args: dict, lang: str, limit: int = DRILL_LIMIT) -> dict:
    query = drill_down(user, args)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(limit)).unique().all()
    return {"stat": args["stat"], "title": report.stat_title(args["stat"], lang), "count": total,
            "cases": case_queries.summaries(rows, lang)}


def scope_title(user, args: dict) -> str:
    """The office the figures are for: the one asked for, or the reader's own (and those below, for a leader)."""
    from caseflow.organisations.models import Office

    office = db.session.get(Office, args.get("office_id") or user.office_id)
    return office.name if office is not None else ""


def official_table(user, args: dict) -> tuple[list[dict], dict]:
    scope, period = _scope_and_period(user, args)
    return queries.official_table(scope, period), {"label": period.label, "start": period.start, "end": period.end}
