"""The case's next due date, kept on the case row: the one place it is maintained.

`case.next_due_on`, `next_due_rule` and `next_due_provisional` are the earliest running obligation deadline
(a period someone must act within: the office, the respondent; an applicant's own period only lapses) with its
rule and whether its date is provisional. Lists sort and filter on them (overdue = next_due_on < today) through the
index (office_id, next_due_on, id) instead of a subquery over every deadline of the office.

Every change of a deadline (start, stop, pause, resume, extension, conversion, a receipt, a calendar recompute, the
sweep) is a flush of Deadline rows; the cases they belong to are noted, and before the transaction commits one
UPDATE per thousand of them recomputes the three columns from the deadline rows, so no path that changes a
deadline can commit them stale. (Within the transaction, before its commit, the columns are not yet current:
nothing reads them there.)
"""
from __future__ import annotations

import functools

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, attributes
from sqlalchemy.orm.util import identity_key

from caseflow.calendar.services import get_catalogue
from caseflow.cases.models import Case
from caseflow.deadlines.models import Deadline, DeadlineStatus

BATCH = 1000


def obligation_rule_ids() -> list[str]:
    """Rules someone must act within (the office, the respondent): only these can be overdue."""
    return [r.id for r in get_catalogue().latest() if r.responsible != "applicant"]


def _next_running(column, rules):
    return (sa.select(column).where(Deadline.case_id == Case.id, Deadline.status == DeadlineStatus.RUNNING.value,
                                    Deadline.due_on.is_not(None), rules)
            .order_by(Deadline.due_on, Deadline.id).limit(1).correlate(Case.__table__).scalar_subquery())


def refresh_statement(dialect: str = "default"):
    """UPDATE case SET next_due_* = (their earliest running obligation deadline), the rules given as the
    `obligations` parameter; add a WHERE to narrow it.

    On PostgreSQL the rules are one array parameter (`= ANY`): an IN list of the ~35 obligation rules, three times,
    is rendered and planned anew on every execution, which made this statement cost three times any other of a
    sweep's step."""
    if dialect == "postgresql":
        rules = Deadline.rule_id == sa.any_(sa.bindparam("obligations", type_=ARRAY(sa.String)))
    else:
        rules = Deadline.rule_id.in_(sa.bindparam("obligations", expanding=True))
    # updated_at kept as it is: a derived column is no change of the case (and the column's onupdate would make the
    # row differ from the case a transition answers with)
    return sa.update(Case.__table__).values(
        updated_at=Case.__table__.c.updated_at,
        next_due_on=_next_running(Deadline.due_on, rules),
        next_due_rule=_next_running(Deadline.rule_id, rules),
        next_due_provisional=sa.func.coalesce(_next_running(Deadline.provisional, rules), sa.false()))


@functools.cache
def _refresh_cases(dialect: str):
    """refresh_statement for the cases given as `case_ids`, returning the new values: built once per dialect."""
    table = Case.__table__
    if dialect == "postgresql":
        cases = table.c.id == sa.any_(sa.bindparam("case_ids", type_=ARRAY(sa.Integer)))
    else:
        cases = table.c.id.in_(sa.bindparam("case_ids", expanding=True))
    return refresh_statement(dialect).where(cases).returning(
        table.c.id, table.c.next_due_on, table.c.next_due_rule, table.c.next_due_provisional)


def refresh_all(connection, obligations: list[str]) -> None:
    """Every case at once (a bulk load): on PostgreSQL one sort of the running deadlines (DISTINCT ON) joined to
    the cases, instead of three correlated subqueries per case."""
    if connection.dialect.name != "postgresql":
        connection.execute(refresh_statement(), {"obligations": obligations})
        return
    connection.execute(sa.text("""
        UPDATE "case" c SET next_due_on = n.due_on, next_due_rule = n.rule_id, next_due_provisional = n.provisional
        FROM (SELECT DISTINCT ON (case_id) case_id, due_on, rule_id, provisional FROM deadline
              WHERE status = 'running' AND due_on IS NOT NULL AND rule_id = ANY(:rules)
              ORDER BY case_id, due_on, id) n
        WHERE n.case_id = c.id"""), {"rules": obligations})


def refresh(session: Session, case_ids) -> None:
    """Recompute the columns of `case_ids` and set them on the loaded cases (without marking them changed)."""
    obligations = obligation_rule_ids()
    ids = sorted(case_ids)
    connection = session.connection()
    statement = _refresh_cases(connection.dialect.name)
    for i in range(0, len(ids), BATCH):
        rows = connection.execute(statement, {"obligations": obligations, "case_ids": ids[i:i + BATCH]}).all()
        for row in rows:
            case = session.identity_map.get(identity_key(Case, row.id))
            if case is not None:
                attributes.set_committed_value(case, "next_due_on", row.next_due_on)
                attributes.set_committed_value(case, "next_due_rule", row.next_due_rule)
                attributes.set_committed_value(case, "next_due_provisional", bool(row.next_due_provisional))


PENDING = "caseflow.next_due.pending"  # session.info: the cases whose deadlines changed since the last refresh


@sa.event.listens_for(Session, "after_flush")
def _deadlines_flushed(session, _flush_context):
    changed = {obj.case_id for obj in (*session.new, *session.deleted) if isinstance(obj, Deadline)}
    changed |= {obj.case_id for obj in session.dirty if isinstance(obj, Deadline) and session.is_modified(obj)}
    changed.discard(None)
    if changed:
        session.info.setdefault(PENDING, set()).update(changed)


@sa.event.listens_for(Session, "before_commit")
def _refresh_before_commit(session):
    """Once per transaction, however many flushes it made (a transition flushes three or four times): the lists
    read the columns from other transactions, which see them only once this one commits."""
    session.flush()
    # (a rolled-back transaction's cases stay noted: refreshing them again reads the rows as they are, harmlessly)
    pending = session.info.pop(PENDING, None)
    if pending:
        refresh(session, pending)

