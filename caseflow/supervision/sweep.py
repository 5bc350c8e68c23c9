"""The sweep: as of a business day, take the law's automatic steps, raise warnings and notices, escalate, and close
what the case has moved past. Idempotent and safe to run concurrently.

- It reads only what is due: open deadlines of watched rules whose last day has passed or is within the warning
  horizon (an index on status and due date), the notices whose answer is overdue, and the open notices whose
  time limit closed. Its cost follows what is due, not how many cases there are.
- Each case is handled in its own transaction, through the one transition service: one case that fails is
  logged on the run and the sweep goes on; a sweep killed halfway leaves every case either done or untouched.
- On PostgreSQL a case is taken with FOR UPDATE SKIP LOCKED, so concurrent sweeps split the cases; notices are
  unique per lapse in the database, so none is raised twice whatever happens.
"""
from __future__ import annotations

import functools
import logging
import os
import time
from collections import defaultdict
from datetime import date, timedelta
from typing import NamedTuple

import sqlalchemy as sa

from caseflow.auth.models import SYSTEM_ACTOR, User
from caseflow.calendar.services import current_calendar, get_catalogue, pinned_calendar
from caseflow.cases.kinds import get_kind
from caseflow.cases.models import Case
from caseflow.cases.services import apply_transition
from caseflow.clock import now_utc
from caseflow.deadlines import queries as deadline_queries
from caseflow.deadlines.models import OPEN_STATUSES, Deadline, DeadlineStatus
from caseflow.errors import DomainError, GuardFailed, StaleCase, ValidationFailed
from caseflow.extensions import db
from caseflow.supervision import bulk, services
from caseflow.supervision.models import OPEN_NOTICE_STATUSES, Notice, NoticeStatus, SweepRun

log = logging.getLogger(__name__)


def _horizon(as_of: date, supervision) -> date:
    """The furthest last day a warning can be about today."""
    calendar = current_calendar()
    furthest = as_of
    for by_rule in supervision.triggers.values():
        for trigger in by_rule.values():
            if trigger.warn:
                days = max(trigger.warn)
                furthest = max(furthest, calendar.nth_working_day_after(as_of, days)
                               if trigger.warn_unit == "working_days" else as_of + timedelta(days=days))
    return furthest


def _per_case_rules(supervision) -> tuple[list[str], list[str]]:
    """The rules whose lapse, and whose warnings, need the case itself (not the set-based path of bulk.py)."""
    lapse, warn = set(), set()
    for by_rule in supervision.triggers.values():
        for rule_id, trigger in by_rule.items():
            if (trigger.on_lapse or trigger.propose or trigger.notice) and not bulk.bulk_lapse(trigger, supervision.types):
                lapse.add(rule_id)
            if trigger.warn and not bulk.bulk_warnings(trigger, supervision.types):
                warn.add(rule_id)
    return sorted(lapse), sorted(warn)


class Candidate(NamedTuple):
    case_id: int
    kind: str
    overdue_answer: bool  # an issued notice's answer is overdue: the ladder's next step may be due


def candidates(as_of: date) -> list[Candidate]:
    """Cases with something due today that needs the case: a watched deadline past its last day (or near it, for
    warnings the set-based path cannot send), an answer overdue, or an open notice whose time limit closed."""
    supervision = services.supervision()
    lapse_rules, warn_rules = _per_case_rules(supervision)
    running = Deadline.status == DeadlineStatus.RUNNING.value
    horizon = _horizon(as_of, supervision)
    due = sa.select(Deadline.case_id).where(running, Deadline.due_on <= horizon, sa.or_(  # the index's range
        sa.and_(Deadline.rule_id.in_(lapse_rules), Deadline.due_on < as_of),
        sa.and_(Deadline.rule_id.in_(warn_rules), Deadline.due_on <= horizon)))
    overdue_answers = sa.select(Notice.case_id).where(
        Notice.status.in_(OPEN_NOTICE_STATUSES), Notice.response_due_on < as_of)
    with_deadline = sorted(code for code, t in supervision.types.items() if t.closes_with == "deadline")
    settled = (sa.select(Notice.case_id).join(Deadline, Deadline.id == Notice.deadline_id).join(
        Case, Case.id == Notice.case_id).where(Notice.status.in_(OPEN_NOTICE_STATUSES), sa.or_(
            sa.and_(Notice.type.in_(with_deadline), Deadline.status.not_in(OPEN_STATUSES)),
            Case.closed_on.is_not(None))))
    ids = sa.union(due, overdue_answers, settled).subquery()
    return [Candidate(*row) for row in db.session.execute(
        sa.select(Case.id, Case.kind, Case.id.in_(overdue_answers)).join(ids, ids.c.case_id == Case.id)
        .order_by(Case.id))]


def candidate_case_ids(as_of: date) -> list[int]:
    return [candidate.case_id for candidate in candidates(as_of)]


@functools.cache
def _lock_statement(kind: str, dialect: str):
    """SELECT the case (parameter `case_id`) with its kind's detail row, the day its history has reached (which a
    step may not precede) and whom its notices go to, in one statement; on PostgreSQL FOR UPDATE SKIP LOCKED.
    Built once per kind."""
    mapper = Case.__mapper__.polymorphic_map.get(kind, Case.__mapper__)
    query = sa.select(mapper.class_).where(mapper.class_.id == sa.bindparam("case_id")).options(
        sa.orm.undefer(Case.last_event_on),
        # (not the handler's roles: nothing here reads them)
        sa.orm.joinedload(Case.handler).lazyload(User.role_rows), *get_kind(kind).addressee_options())
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Case.__table__)
    return query.execution_options(populate_existing=True)


def _lock(case_id: int, kind: str) -> Case | None:
    """The case, locked for this sweep's transaction; None when another sweep holds it (PostgreSQL)."""
    statement = _lock_statement(kind, db.session.get_bind().dialect.name)
    return db.session.scalars(statement, {"case_id": case_id}).first()


def _step(case: Case, name: str, deadline: Deadline, as_of: date) -> None:
    """The system's step, dated the day the law's consequence arose: the day after the last day, or, when the case
    has a later event, that event's day (a step is never dated before the history it follows)."""
    reason = f"{deadline.rule(get_catalogue()).title}期限届满，依法办理"
    day = min(deadline.due_on + timedelta(days=1), as_of)
    try:
        apply_transition(case, name, actor=SYSTEM_ACTOR, on=day, reason=reason)
    except ValidationFailed as exc:
        if set(exc.errors) != {"on"}:
            raise
        apply_transition(case, name, actor=SYSTEM_ACTOR, on=min(max(day, case.last_event_on), as_of), reason=reason)


def _days_left(deadline: Deadline, as_of: date, unit: str) -> int:
    if unit == "calendar_days":
        return (deadline.due_on - as_of).days
    return current_calendar().working_days_between(as_of, deadline.due_on)


def handle_case(case: Case, as_of: date, counts: dict, *, overdue_answer: bool = True) -> None:
    """Everything due on one case as of `as_of` (inside the caller's transaction). `overdue_answer=False` (the
    sweep knows the case has no answer overdue) skips looking for a ladder step to propose."""
    supervision = services.supervision()
    types = supervision.types
    stepped = False
    deadlines = [d for d in deadline_queries.of_case(case.id) if d.status == DeadlineStatus.RUNNING.value]
    for deadline in deadlines:
        trigger = supervision.trigger(case.kind, deadline.rule_id)
        if trigger is None or deadline.due_on is None or deadline.status != DeadlineStatus.RUNNING.value:
            continue
        if deadline.due_on >= as_of:
            if not bulk.bulk_warnings(trigger, types):
                _warn(case, deadline, trigger, as_of, counts)
            continue
        if deadline.awaiting_receipt or bulk.bulk_lapse(trigger, types):
            continue  # not known to have lapsed (the receipt is unrecorded); or raised by the set-based path
        if trigger.on_lapse and services.workflow_allows(case, trigger.on_lapse):
            try:
                _step(case, trigger.on_lapse, deadline, as_of)
                counts["steps"] += 1
                stepped = True  # the step closed what it settled (caseflow.supervision.services.on_case_changed)
            except GuardFailed:
                pass  # the law's condition is not met yet (e.g. a later event moved it)
        if trigger.notice is None:
            continue
        notice_type = types[trigger.notice]
        if trigger.propose:
            if services.workflow_allows(case, trigger.propose):
                counts["proposals"] += len(services.raise_notice(
                    case, deadline, notice_type, as_of, status=NoticeStatus.PROPOSED.value, proposal=trigger.propose,
                    proposal_data=trigger.data, decided_by=notice_type.to[0] if notice_type.to[0] in (
                        "office_head", "leader") else None))
        elif notice_type.ladder:
            step = notice_type.step(1)
            counts["proposals"] += len(services.raise_notice(
                case, deadline, notice_type, as_of, title=step.title, status=NoticeStatus.PROPOSED.value,
                decided_by=step.decided_by))
        else:
            counts["notices"] += len(services.raise_notice(case, deadline, notice_type, as_of))
    if overdue_answer:
        counts["proposals"] += len(services.escalate_due(case, as_of))
    if not stepped:
        counts["closed"] += services.close_settled(case, as_of, "期限已结束或案件已变化")


def _warn(case: Case, deadline: Deadline, trigger, as_of: date, counts: dict) -> None:
    """A warning at each configured distance from the last day; on the last day, to `last_day_to` as well. A
    sweep that missed a day raises only the nearest level still ahead, and closes the earlier ones."""
    if not trigger.warn:
        return
    left = _days_left(deadline, as_of, trigger.warn_unit)
    levels = [w for w in trigger.warn if w >= left]
    if left > max(trigger.warn) or (left > 0 and not levels):
        return
    notice_type = services.supervision().types[trigger.warn_notice]
    level = 0 if left == 0 else min(levels)
    to = (notice_type.last_day_to or notice_type.to) if level == 0 else notice_type.to
    unit = "个工作日" if trigger.warn_unit == "working_days" else "日"
    extra = "今日届满。" if level == 0 else f"距届满还有{left}{unit}。"
    raised = services.raise_notice(case, deadline, notice_type, as_of, level=level, to=to, extra=extra)
    counts["warnings"] += len(raised)
    if raised:  # an earlier, farther warning of the same deadline has been overtaken
        for earlier in db.session.scalars(sa.select(Notice).where(
                Notice.case_id == case.id, Notice.deadline_id == deadline.id, Notice.type == notice_type.code,
                Notice.level > level, Notice.status.in_(OPEN_NOTICE_STATUSES))):
            services.close(earlier, NoticeStatus.ESCALATED, as_of, f"距届满还有{left}{unit}")


def sweep(as_of: date, *, pause_after: int | None = None) -> SweepRun:
    """One sweep as of `as_of`, committing each case on its own; the run is recorded with its counts and errors.
    `pause_after` (tests of a killed sweep) sleeps after that many cases. The calendar is read once, at the start."""
    with pinned_calendar():
        return _sweep(as_of, pause_after)


def _sweep(as_of: date, pause_after: int | None) -> SweepRun:
    run = SweepRun(as_of=as_of, status="running", counts={}, errors=[])
    db.session.add(run)
    db.session.commit()
    counts = defaultdict(int)
    errors = []
    supervision = services.supervision()
    counts["warnings"] += bulk.raise_warnings(supervision, as_of)
    counts["notices"] += bulk.raise_lapse_notices(supervision, as_of)
    db.session.commit()
    pause_after = pause_after if pause_after is not None else int(os.environ.get("CASEFLOW_SWEEP_PAUSE_AFTER", 0) or 0)
    for n, (case_id, kind, overdue_answer) in enumerate(candidates(as_of), start=1):
        try:
            case = _lock(case_id, kind)
            if case is None:
                counts["skipped"] += 1
                db.session.rollback()
                continue
            handle_case(case, as_of, counts, overdue_answer=overdue_answer)
            db.session.commit()
            counts["cases"] += 1
        except StaleCase:
            db.session.rollback()
            counts["skipped"] += 1  # another sweep or a person changed it first; the next sweep sees it again
        except (DomainError, sa.exc.SQLAlchemyError, LookupError, ValueError) as exc:
            db.session.rollback()
            log.exception("sweep: case %s failed", case_id)
            errors.append({"case_id": case_id, "error": f"{type(exc).__name__}: {exc}"[:500]})
        if pause_after and n == pause_after:
            time.sleep(3600)
    run = db.session.get(SweepRun, run.id)
    run.counts, run.errors, run.status, run.finished_at = dict(counts), errors, "done", now_utc()
    db.session.commit()
    return run
