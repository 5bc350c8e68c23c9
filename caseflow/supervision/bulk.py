"""The set-based part of the sweep: warnings and lapse notices that need no step on the case and go to the case's
handler, the office head or a leader are raised with one INSERT ... SELECT ... ON CONFLICT DO NOTHING per rule and
day count, so their cost is that of the SQL itself. What needs the case (a step, a proposal, a ladder, an agency or a
mediator as addressee) is left to the per-case path (caseflow.supervision.sweep.handle_case)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from caseflow.auth.models import ROLE_LABELS, Role, User
from caseflow.calendar.services import current_calendar, get_catalogue
from caseflow.cases.models import Case
from caseflow.clock import now_utc
from caseflow.deadlines.models import Deadline, DeadlineStatus
from caseflow.extensions import db
from caseflow.supervision.definitions import NoticeType, Supervision, Trigger
from caseflow.supervision.models import OPEN_NOTICE_STATUSES, Notice, NoticeEvent, NoticeStatus

GENERIC = {"handler", "office_head", "leader"}  # addressees SQL can name from the case row alone
SYSTEM_NAME = "系统"


def generic(specs) -> bool:
    return bool(specs) and set(specs) <= GENERIC


def bulk_lapse(trigger: Trigger, types: dict[str, NoticeType]) -> bool:
    """A lapse notice raised in bulk: no step, no proposal, no ladder, addressees named by the case row."""
    notice_type = types.get(trigger.notice) if trigger.notice else None
    return bool(notice_type and not trigger.on_lapse and not trigger.propose and not notice_type.ladder
                and generic(notice_type.to))


def bulk_warnings(trigger: Trigger, types: dict[str, NoticeType]) -> bool:
    notice_type = types[trigger.warn_notice]
    return bool(trigger.warn) and generic(notice_type.to) and generic(notice_type.last_day_to or notice_type.to)


@dataclass
class _Columns:
    key: object
    kind: object
    user_id: object
    role: object
    name: object


def _addressee(spec: str) -> _Columns:
    if spec == "handler":
        has = Case.handler_id.is_not(None)
        return _Columns(
            sa.case((has, sa.literal("user:") + sa.cast(Case.handler_id, sa.String)), else_=sa.literal("role:clerk")),
            sa.case((has, sa.literal("user")), else_=sa.literal("role")), Case.handler_id,
            sa.case((has, sa.null()), else_=sa.literal(Role.CLERK.value)),
            sa.func.coalesce(User.display_name, sa.literal(ROLE_LABELS[Role.CLERK][0])))
    return _Columns(sa.literal(f"role:{spec}"), sa.literal("role"), sa.null(), sa.literal(spec),
                    sa.literal(ROLE_LABELS[Role(spec)][0]))


def _insert(kind: str, rule_id: str, where, notice_type: NoticeType, level: int, spec: str, as_of: date,
            extra: str) -> list[int]:
    rule = get_catalogue().get(rule_id)
    who = _addressee(spec)
    note = f"\n{notice_type.note}" if notice_type.note else ""
    body = (Case.docket_number + sa.literal(f"\n{rule.title}：自") + sa.cast(Deadline.start_on, sa.String)
            + sa.literal(f"（{rule.start_event}）起算，") + sa.cast(Deadline.due_on, sa.String)
            + sa.literal(f"届满（{rule.basis.text()}）。{note}{extra}"))
    now = now_utc()
    dialect = db.session.get_bind().dialect.name
    empty = sa.literal_column("'{}'::jsonb") if dialect == "postgresql" else sa.literal("{}")
    select = (sa.select(Deadline.case_id, Case.office_id, Deadline.id, Deadline.id, sa.literal(notice_type.code),
                        sa.literal(level), who.key, who.kind, who.user_id, who.role, who.name, Case.handler_id,
                        sa.literal(rule_id), sa.literal(notice_type.title), sa.literal(notice_type.basis), body,
                        empty, Deadline.due_on, sa.literal(as_of), sa.literal(now, sa.DateTime(True)),
                        sa.literal(NoticeStatus.OPEN.value))
              .join(Case, Case.id == Deadline.case_id).outerjoin(User, User.id == Case.handler_id)
              .where(Case.kind == kind, Deadline.rule_id == rule_id, Deadline.status == DeadlineStatus.RUNNING.value,
                     where))
    columns = ["case_id", "office_id", "deadline_id", "deadline_key", "type", "level", "addressee_key",
               "addressee_kind", "addressee_user_id", "addressee_role", "addressee_name", "owner_user_id", "rule_id",
               "title", "basis", "body", "proposal_data", "due_on", "raised_on", "raised_at", "status"]
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Notice).from_select(columns, select)
    ids = list(db.session.scalars(statement.on_conflict_do_nothing().returning(Notice.id)))
    if ids:
        db.session.execute(sa.insert(NoticeEvent), [
            {"notice_id": i, "action": "raised", "actor_id": None, "actor_name": SYSTEM_NAME, "at": now, "on": as_of,
             "note": ""} for i in ids])
    return ids


def raise_warnings(supervision: Supervision, as_of: date) -> int:
    """Every warning due today: per rule, per count of days left (one statement each)."""
    calendar = current_calendar()
    raised = 0
    for kind, by_rule in supervision.triggers.items():
        for rule_id, trigger in by_rule.items():
            if not bulk_warnings(trigger, supervision.types):
                continue
            notice_type = supervision.types[trigger.warn_notice]
            working = trigger.warn_unit == "working_days"
            for left in range(0, max(trigger.warn) + 1):
                levels = [w for w in trigger.warn if w >= left]
                if left and not levels:
                    continue
                level = 0 if left == 0 else min(levels)
                if working:  # the last days with exactly `left` working days from today to them
                    start = as_of if left == 0 else calendar.nth_working_day_after(as_of, left)
                    where = sa.and_(Deadline.due_on >= start,
                                    Deadline.due_on < calendar.nth_working_day_after(as_of, left + 1))
                else:
                    where = Deadline.due_on == date.fromordinal(as_of.toordinal() + left)
                unit = "个工作日" if working else "日"
                extra = "\n今日届满。" if left == 0 else f"\n距届满还有{left}{unit}。"
                for spec in (notice_type.last_day_to or notice_type.to) if level == 0 else notice_type.to:
                    raised += len(_insert(kind, rule_id, where, notice_type, level, spec, as_of, extra))
    _overtake_earlier_warnings(supervision, as_of)
    return raised


def raise_lapse_notices(supervision: Supervision, as_of: date) -> int:
    """Lapse notices that need nothing of the case but its row (E4, E9 ...), for last days before today."""
    raised = 0
    for kind, by_rule in supervision.triggers.items():
        for rule_id, trigger in by_rule.items():
            if not bulk_lapse(trigger, supervision.types):
                continue
            notice_type = supervision.types[trigger.notice]
            where = sa.and_(Deadline.due_on < as_of, Deadline.awaiting_receipt.is_(False))
            for spec in notice_type.to:
                raised += len(_insert(kind, rule_id, where, notice_type, 1, spec, as_of, ""))
    return raised


def _overtake_earlier_warnings(supervision: Supervision, as_of: date) -> None:
    """A nearer warning of the same deadline and addressee closes the farther one (escalated)."""
    warn_types = sorted({t.warn_notice for by_rule in supervision.triggers.values() for t in by_rule.values()
                         if t.warn})
    nearer = sa.orm.aliased(Notice)
    ids = list(db.session.scalars(sa.select(Notice.id).where(
        Notice.type.in_(warn_types), Notice.status.in_(OPEN_NOTICE_STATUSES), sa.exists().where(
            # the same deadline; named as the unique key's leading columns so the lookup is an index probe
            nearer.case_id == Notice.case_id, nearer.deadline_key == Notice.deadline_key,
            nearer.deadline_id == Notice.deadline_id, nearer.type == Notice.type,
            nearer.addressee_key == Notice.addressee_key, nearer.level < Notice.level))))
    if not ids:
        return
    db.session.execute(sa.update(Notice).where(Notice.id.in_(ids)).values(
        status=NoticeStatus.ESCALATED.value, closed_on=as_of))
    db.session.execute(sa.insert(NoticeEvent), [
        {"notice_id": i, "action": "escalated", "actor_id": None, "actor_name": SYSTEM_NAME, "at": now_utc(),
         "on": as_of, "note": "更近的预警已发出"} for i in ids])
