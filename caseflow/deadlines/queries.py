"""Read side of deadlines.

A transaction reads a case's deadlines once (`of_case`): the guards, the clock actions and the sweep then ask it
which are open or latest, instead of one SELECT each. It stays exact because deadlines are changed only through the
ORM (the objects it holds), never deleted, and each one added to the session joins its case's list; it is dropped
when the transaction (or a savepoint) ends. Another transaction's deadline on the same case cannot go unnoticed:
it changed the case's version, so this transaction's write of the case fails (StaleCase).
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from caseflow.deadlines.models import OPEN_STATUSES, Deadline, DeadlineExtension
from caseflow.extensions import db

LEDGER = (selectinload(Deadline.pauses), selectinload(Deadline.extensions))  # for lists that show or recompute
_READ = "caseflow.deadlines.of_case"  # session.info key: {case_id: [Deadline, ...] in id order}


def of_case(case_id: int) -> list[Deadline]:
    """Every deadline of the case, oldest first, read once per transaction (see the module's docstring)."""
    read = db.session.info.setdefault(_READ, {})
    if case_id not in read:
        read[case_id] = list(db.session.scalars(sa.select(Deadline).where(Deadline.case_id == case_id)
                                                .order_by(Deadline.id)))
    elif db.session.autoflush:
        db.session.flush()  # as a query would: what the caller reads has its id and is in the database
    return read[case_id]


@sa.event.listens_for(Session, "transient_to_pending")
def _added(session, instance):
    if isinstance(instance, Deadline) and instance.case_id in session.info.get(_READ, {}):
        session.info[_READ][instance.case_id].append(instance)


@sa.event.listens_for(Session, "after_transaction_end")
def _forget(session, transaction):
    if transaction.parent is None or transaction.nested:  # not the inner transaction each flush opens
        session.info.pop(_READ, None)


def for_case(case_id: int) -> list[Deadline]:
    """The case's deadlines with their pauses and extensions, in one statement (a case has a handful of each)."""
    return list(db.session.scalars(sa.select(Deadline).where(Deadline.case_id == case_id)
                                   .options(joinedload(Deadline.pauses), joinedload(Deadline.extensions))
                                   .order_by(Deadline.start_on, Deadline.id)).unique())


def latest_for_rules(case_id: int, rule_ids) -> Deadline | None:
    return next((d for d in reversed(of_case(case_id)) if d.rule_id in rule_ids), None)


def open_for_rules(case_id: int, rule_ids) -> list[Deadline]:
    return [d for d in of_case(case_id) if d.rule_id in rule_ids and d.status in OPEN_STATUSES]


def open_for_case(case_id: int) -> list[Deadline]:
    return [d for d in of_case(case_id) if d.status in OPEN_STATUSES]


def has_extension(case_id: int, rule_id: str) -> bool:
    return db.session.scalar(sa.select(sa.func.count(DeadlineExtension.id)).join(Deadline).where(
        Deadline.case_id == case_id, Deadline.rule_id == rule_id)) > 0


def all_open() -> list[Deadline]:
    return list(db.session.scalars(sa.select(Deadline).where(Deadline.status.in_(OPEN_STATUSES)).options(*LEDGER)
                                   .order_by(Deadline.id)))


def counted_from(service_id: int) -> list[Deadline]:
    """The open deadlines counted from a document's receipt."""
    return list(db.session.scalars(sa.select(Deadline).where(Deadline.service_id == service_id,
                                                             Deadline.status.in_(OPEN_STATUSES))))


def next_running(case_ids) -> dict[int, Deadline]:
    """The running deadline of each case that falls due first (an applicant's period included: a 补正 period is
    the next thing a case waits on), in one statement for a whole page."""
    out: dict[int, Deadline] = {}
    if not case_ids:
        return out
    rows = db.session.scalars(sa.select(Deadline).where(
        Deadline.case_id.in_(list(case_ids)), Deadline.status == "running", Deadline.due_on.is_not(None))
        .order_by(Deadline.due_on, Deadline.id))
    for deadline in rows:
        out.setdefault(deadline.case_id, deadline)
    return out


def touching(days: tuple[date, date] | None):
    """Deadlines a change of the calendar's days days[0]..days[1] can move: those whose period includes one of
    them (from the start day, which the provisional mark reads, to the due date; a backward period the other way
    round), those paused (no due date yet) and those counted from a presumed receipt. A day outside a period is
    neither counted nor skipped by it, so the others keep their dates and marks. None: every open deadline."""
    if days is None:
        return sa.true()
    first, last = days
    return sa.or_(Deadline.due_on.is_(None), Deadline.awaiting_receipt.is_(True),
                  sa.and_(Deadline.start_on <= last, Deadline.due_on >= first),
                  sa.and_(Deadline.due_on <= last, Deadline.start_on >= first))


def open_after(after_id: int, size: int, days: tuple[date, date] | None = None) -> list[Deadline]:
    """The next `size` open deadlines after id `after_id` that a change of `days` can move, with their ledgers
    (a batch of a recompute)."""
    return list(db.session.scalars(sa.select(Deadline).where(Deadline.status.in_(OPEN_STATUSES),
                                                             Deadline.id > after_id, touching(days))
                                   .options(*LEDGER).order_by(Deadline.id).limit(size)))


def open_touching(days: tuple[date, date] | None) -> list[Deadline]:
    return list(db.session.scalars(sa.select(Deadline).where(Deadline.status.in_(OPEN_STATUSES), touching(days))
                                   .options(*LEDGER).order_by(Deadline.id)))


def open_count(days: tuple[date, date] | None = None) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Deadline)
                             .where(Deadline.status.in_(OPEN_STATUSES), touching(days)))
