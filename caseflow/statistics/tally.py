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

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from caseflow.cases.models import Case
from caseflow.deadlines.models import Deadline
from caseflow.statistics import definitions as d
from caseflow.statistics.models import StatTally

BATCH = 1000
KEY = ("figure", "grain", "day", "kind", "office_id", "agency_id", "detail")
DAY_KEY = tuple(k for k in KEY if k != "grain")
RC = d.R.__table__


def _select(t: d.TallyDef, case_ids=None):
    """(figure, day, kind, office_id, agency_id, detail) of every row `t` takes (of `case_ids` only, when given)."""
    day = t.day()
    if t.kind is None:  # a case's deadlines, any kind: the respondent is the reconsideration's, if any
        columns = [Case.kind, Case.office_id, sa.func.coalesce(RC.c.respondent_agency_id, 0)]
        statement = sa.select(Deadline).join(Case, Case.id == Deadline.case_id).outerjoin(
            RC, RC.c.id == Deadline.case_id)
        ids = Deadline.case_id
    else:
        entity = d.ENTITIES[t.kind]
        agency = entity.respondent_agency_id if entity is d.R else sa.literal(0)
        columns = [sa.literal(t.kind), entity.office_id, agency]
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
                                       columns[2].label("agency_id"), detail.label("detail"),
                                       maintain_column_froms=True).where(*conditions)


def aggregate(case_ids=None):
    """The table's day rows computed from the cases: (figure, "d", day, kind, office_id, agency_id, detail, n)."""
    rows = sa.union_all(*[_select(t, case_ids) for t in d.tallies()]).subquery()
    columns = [rows.c[k] for k in DAY_KEY]
    return sa.select(rows.c.figure, sa.literal("d").label("grain"), *columns[1:], sa.func.count().label("n")) \
        .group_by(*columns)


def with_months(days: Counter) -> Counter:
    """The day rows and, for each month, their sums (grain "m", on the month's first day)."""
    out = Counter(days)
    for (figure, _grain, day, *rest), n in days.items():
        out[(figure, "m", day.replace(day=1), *rest)] += n
    return out


def _counted(connection, case_ids) -> Counter:
    out: Counter = Counter()
    ids = sorted(case_ids)
    for i in range(0, len(ids), BATCH):
        for *key, n in connection.execute(aggregate(ids[i:i + BATCH])):
            out[tuple(key)] += n
    return with_months(out)


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


def _changed(session: Session) -> tuple[set[int], list]:
    """The ids of the persistent cases a flush changes (their state in the database is about to change), and the
    objects whose case id is known only after it (new cases, new deadlines)."""
    ids, later = set(), []
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Case):
            if obj in session.new:
                later.append(obj)
            elif obj in session.deleted or session.is_modified(obj, include_collections=False):
                ids.add(obj.id)
        elif isinstance(obj, Deadline):
            if obj.case_id is None:  # the deadline of a case the flush inserts (counted with its case)
                later.append(obj)
            elif obj in session.new or obj in session.deleted or session.is_modified(obj, include_collections=False):
                ids.add(obj.case_id)
    return ids, later


@sa.event.listens_for(Session, "before_flush")
def _before_flush(session, flush_context, _instances):
    ids, later = _changed(session)
    if ids or later:
        # Kept with this flush (a flush that fails leaves nothing behind for the next one).
        flush_context.attributes["stat_tally"] = (ids, later, _counted(session.connection(), ids))


@sa.event.listens_for(Session, "after_flush")
def _after_flush(session, flush_context):
    pending = flush_context.attributes.get("stat_tally")
    if pending is None:
        return
    ids, later, before = pending
    ids = set(ids) | {obj.id if isinstance(obj, Case) else obj.case_id for obj in later}
    ids.discard(None)
    after = _counted(session.connection(), ids)
    after.subtract(before)
    _apply(session.connection(), after)


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
