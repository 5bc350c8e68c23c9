"""The summary table (stat_tally) kept equal to the aggregate over the cases, in the transaction that changes them.

Every figure of `definitions.tallies()` is a SELECT over the cases (or their deadlines) giving, for each row it
takes, its day, kind, office, respondent agency and detail. The table holds those rows counted. It is kept by a
flush hook, whatever changes a case (a transition's `sets:`, a clock that closes, a registration, a correction):

- before the flush, the rows the changed cases give *now* (the database still holds their previous state) are
  counted and subtracted;
- after the flush, the rows they give with their new state are counted and added;
- each day's change is added to its month's row too (grain "m"), which a period of whole months reads.

The same SELECT, over every case, rebuilds the table (the migration's backfill and `flask caseflow stats-rebuild`);
`differences()` compares the table with it (the property test, and `stats-rebuild --check`).
"""
from __future__ import annotations

from collections import Counter
from functools import cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, object_session
from sqlalchemy.sql import visitors

from caseflow.cases.models import Case
from caseflow.deadlines.models import Deadline
from caseflow.statistics import definitions as d
from caseflow.statistics.models import StatTally

BATCH = 1000
KEY = ("figure", "grain", "day", "kind", "office_id", "agency_id", "procedure", "handler_id", "detail")
DAY_KEY = tuple(k for k in KEY if k != "grain")
RC = d.R.__table__


def _select(t: d.TallyDef, case_ids=None):
    """(figure, day, kind, office_id, agency_id, detail) of every row `t` takes (of `case_ids` only, when given)."""
    day = t.day()
    if t.kind is None:  # a case's deadlines, any kind: the respondent and procedure are the reconsideration's, if any
        columns = [Case.kind, Case.office_id, sa.func.coalesce(RC.c.respondent_agency_id, 0),
                   sa.func.coalesce(RC.c.procedure, ""), sa.func.coalesce(Case.handler_id, 0)]
        statement = sa.select(Deadline).join(Case, Case.id == Deadline.case_id).outerjoin(
            RC, RC.c.id == Deadline.case_id)
        ids = Deadline.case_id
    else:
        entity = d.ENTITIES[t.kind]
        agency = entity.respondent_agency_id if entity is d.R else sa.literal(0)
        procedure = entity.procedure if entity is d.R else sa.literal("")
        columns = [sa.literal(t.kind), entity.office_id, agency, procedure, sa.func.coalesce(entity.handler_id, 0)]
        statement = sa.select(entity)
        ids = entity.id
    conditions = [day.is_not(None)]
    if t.when is not None:
        conditions.append(t.when())
    if case_ids is not None:
        conditions.append(ids.in_(case_ids))
    detail = t.detail() if t.detail is not None else sa.literal("")
    return statement.with_only_columns(sa.literal(t.figure).label("figure"), day.label("day"),
                                       columns[0].label("kind"), columns[1].label("office_id"),
                                       columns[2].label("agency_id"), columns[3].label("procedure"),
                                       columns[4].label("handler_id"), detail.label("detail"),
                                       maintain_column_froms=True).where(*conditions)


def _group(name: str | None) -> list[d.TallyDef]:
    """The figures a change can move: of a case of kind `name`, its kind's and its deadlines' (whose office and
    respondent are the case's); of a deadline alone ("deadline"), the deadlines'; None: every figure."""
    return [t for t in d.tallies() if name is None or t.kind is None or (name != "deadline" and t.kind == name)]


def aggregate(case_ids=None, group: str | None = None):
    """The table's day rows computed from the cases: (figure, "d", day, kind, office_id, agency_id, detail, n)."""
    rows = sa.union_all(*[_select(t, case_ids) for t in _group(group)]).subquery()
    columns = [rows.c[k] for k in DAY_KEY]
    return sa.select(rows.c.figure, sa.literal("d").label("grain"), *columns[1:], sa.func.count().label("n")) \
        .group_by(*columns)


def with_months(days: Counter) -> Counter:
    """The day rows and, for each month, their sums (grain "m", on the month's first day)."""
    out = Counter(days)
    for (figure, _grain, day, *rest), n in days.items():
        out[(figure, "m", day.replace(day=1), *rest)] += n
    return out


@cache
def _of_cases(group: str):
    """aggregate() of a group's figures for the cases given as the parameter `case_ids`: built once."""
    return aggregate(sa.bindparam("case_ids", expanding=True), group)


@cache
def read_columns(kind: str | None) -> frozenset:
    """Every column the figures over a case of `kind` read (None: over deadlines): a change to none of them changes
    no count (a state matters to a mediation's figures, not to a reconsideration's)."""
    ids = sa.bindparam("case_ids", expanding=True)
    return frozenset(e for t in d.tallies() if kind is None or t.kind in (kind, None)
                     for e in visitors.iterate(_select(t, ids)) if isinstance(e, sa.Column))


def _reads_changed(obj) -> bool:
    """Whether a flush changes a column of `obj` that a figure reads (a version, a next due date, a search term
    do not)."""
    state = sa.inspect(obj)
    columns = read_columns(obj.kind if isinstance(obj, Case) else None)
    return any(state.attrs[attr.key].history.has_changes() for attr in state.mapper.column_attrs
               if any(c in columns for c in attr.columns))


def _counted(connection, groups: dict[str, set[int]]) -> Counter:
    out: Counter = Counter()
    for group, case_ids in groups.items():
        ids = sorted(case_ids)
        for i in range(0, len(ids), BATCH):
            for *key, n in connection.execute(_of_cases(group), {"case_ids": ids[i:i + BATCH]}):
                out[tuple(key)] += n
    return with_months(out)


def _resolved(groups: dict[str, set[int]]) -> dict[str, set[int]]:
    """A case counted with its kind's figures is counted with its deadlines' there, not again alone."""
    cases = set().union(*[ids for group, ids in groups.items() if group != "deadline"])
    out = {group: set(ids) - (cases if group == "deadline" else set()) for group, ids in groups.items()}
    return {group: ids for group, ids in out.items() if ids}


def _apply(connection, delta: Counter) -> None:
    """Add each delta to its row (inserted at 0 if missing), keys in order so concurrent writers lock alike."""
    changes = [dict(zip(KEY, key), n=n) for key, n in sorted(delta.items(), key=lambda kv: tuple(map(str, kv[0])))
               if n]
    if not changes:
        return
    insert = (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(StatTally.__table__)
    connection.execute(insert.on_conflict_do_update(index_elements=list(KEY),
                                                    set_={"n": StatTally.__table__.c.n + insert.excluded.n}),
                       changes)


def _changed(session: Session) -> tuple[dict[str, set[int]], list]:
    """The persistent cases a flush changes, by the group of figures the change can move (their rows in the
    database are about to change), and the objects whose case id is known only after it (new cases, new
    deadlines)."""
    groups: dict[str, set[int]] = {}
    later = []
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Case):
            if obj in session.new:
                later.append(obj)
            elif obj in session.deleted or _reads_changed(obj):
                groups.setdefault(obj.kind, set()).add(obj.id)
        elif isinstance(obj, Deadline):
            if obj.case_id is None:  # the deadline of a case the flush inserts (counted with its case)
                later.append(obj)
            elif obj in session.new or obj in session.deleted or _reads_changed(obj):
                groups.setdefault("deadline", set()).add(obj.case_id)
    return groups, later


@sa.event.listens_for(Session, "before_flush")
def _before_flush(session, flush_context, _instances):
    groups, later = _changed(session)
    if groups or later:
        # Kept with this flush (a flush that fails leaves nothing behind for the next one).
        flush_context.attributes["stat_tally"] = (groups, later, _counted(session.connection(), _resolved(groups)))


@sa.event.listens_for(Session, "after_flush")
def _after_flush(session, flush_context):
    pending = flush_context.attributes.get("stat_tally")
    if pending is None:
        return
    groups, later, before = pending
    groups = {group: set(ids) for group, ids in groups.items()}
    for obj in later:
        group, case_id = (obj.kind, obj.id) if isinstance(obj, Case) else ("deadline", obj.case_id)
        if case_id is not None:
            groups.setdefault(group, set()).add(case_id)
    after = _counted(session.connection(), _resolved(groups))
    after.subtract(before)
    _apply(session.connection(), after)


def on_case_imported(case: Case) -> None:
    """Receiver of caseflow.casefile.restore.case_imported: a case written row by row in SQL is counted as a whole."""
    session = object_session(case)
    _apply(session.connection(), _counted(session.connection(), {case.kind: {case.id}}))


def rebuild(connection) -> int:
    """Empty the table and fill it from the cases (a backfill; the operators' stats-rebuild). Returns its rows."""
    connection.execute(sa.delete(StatTally.__table__))
    statement = aggregate()
    connection.execute(sa.insert(StatTally.__table__).from_select([*KEY, "n"], statement))
    table = StatTally.__table__.c
    month = d.month_start(table.day)
    rest = [table[k] for k in DAY_KEY if k not in ("figure", "day")]
    connection.execute(sa.insert(StatTally.__table__).from_select(
        [*KEY, "n"], sa.select(table.figure, sa.literal("m"), month, *rest, sa.func.sum(table.n))
        .where(table.grain == "d").group_by(table.figure, month, *rest)))
    return connection.scalar(sa.select(sa.func.count()).select_from(StatTally.__table__))


def differences(connection, limit: int = 20) -> list[tuple]:
    """The rows where the table and the aggregate over the cases disagree: (key, in the table, from the cases)."""
    kept = Counter({tuple(r[:-1]): r[-1] for r in connection.execute(
        sa.select(*[StatTally.__table__.c[k] for k in KEY], StatTally.__table__.c.n)) if r[-1]})
    computed = with_months(Counter({tuple(r[:-1]): r[-1] for r in connection.execute(aggregate())}))
    return [(key, kept.get(key, 0), computed.get(key, 0)) for key in sorted(set(kept) | set(computed), key=str)
            if kept.get(key, 0) != computed.get(key, 0)][:limit]
