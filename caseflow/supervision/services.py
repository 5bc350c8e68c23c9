"""Raise, address, close and act on supervision notices. Flush, never commit.

Raising is an INSERT that does nothing when the same notice exists (one per case, deadline, type, level and
addressee): sweeps run twice, or at once, cannot raise a notice twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from caseflow.auth.models import ROLE_LABELS, Role
from caseflow.calendar.explain import fmt_date
from caseflow.calendar.services import current_calendar, get_catalogue
from caseflow.cases.kinds import get_kind
from caseflow.cases.models import Case, CaseAssignment
from caseflow.cases.services import apply_transition, get_case, get_workflow
from caseflow.clock import now_utc, today_local
from caseflow.deadlines.models import OPEN_STATUSES, Deadline
from caseflow.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from caseflow.extensions import db
from caseflow.organisations.models import RespondentAgency
from caseflow.serving.models import ServiceRecord
from caseflow.supervision.definitions import NoticeType, Period, Supervision
from caseflow.supervision.models import OPEN_NOTICE_STATUSES, Notice, NoticeEvent, NoticeStatus

SYSTEM_NAME = "系统"


def supervision() -> Supervision:
    return current_app.extensions["caseflow.supervision"]


@dataclass(frozen=True)
class Addressee:
    kind: str  # user | role | agency | external
    key: str
    name: str
    user_id: int | None = None
    role: str | None = None
    agency_id: int | None = None


def _role(role: str) -> Addressee:
    return Addressee("role", f"role:{role}", ROLE_LABELS[Role(role)][0], role=role)


def _user(user) -> Addressee:
    return Addressee("user", f"user:{user.id}", user.display_name, user_id=user.id)


def _agency_or_name(name: str, agency_id: int | None = None) -> Addressee:
    if agency_id is None:
        agency_id = db.session.scalar(sa.select(RespondentAgency.id).where(RespondentAgency.name == name))
    if agency_id is not None:
        return Addressee("agency", f"agency:{agency_id}", name, agency_id=agency_id)
    return Addressee("external", f"name:{name}"[:64], name)


def resolve(case: Case, spec: str, deadline: Deadline | None) -> list[Addressee]:
    """Who `spec` (a notice type's `to`) is on this case."""
    if spec == "handler":
        if case.handler_id is None:
            return [_role(Role.CLERK.value)]
        return [_user(case.handler)]
    if spec in ("office_head", "leader"):
        return [_role(spec)]
    if spec == "mediator":
        mediators = db.session.scalars(sa.select(CaseAssignment).where(
            CaseAssignment.case_id == case.id, CaseAssignment.ended_on.is_(None),
            CaseAssignment.duty == "mediator")).all()
        return [_user(m.user) for m in mediators] or resolve(case, "handler", deadline)
    if spec == "respondent":
        return [_agency_or_name(a["name"], a.get("agency_id"))
                for a in get_kind(case.kind).addressees(case, "respondent", {})]
    if spec == "recipient" and deadline is not None and deadline.service_id:
        record = db.session.get(ServiceRecord, deadline.service_id)
        return [_agency_or_name(record.addressee)]
    return []


def _insert(rows: list[dict], on: date) -> list[int]:
    """INSERT the notices that do not exist yet, each with its 'raised' event; the ids of those inserted. The rows
    go as parameters of one cached statement (sent as one multi-row INSERT), not built into a new statement that
    would be compiled anew on every call."""
    if not rows:
        return []
    dialect = db.session.get_bind().dialect.name
    table = Notice.__table__  # rows, not objects: nothing in the transaction reads them back as notices
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    ids = list(db.session.scalars(insert.on_conflict_do_nothing().returning(table.c.id), rows))
    if ids:  # their events, as rows (no objects to track: nothing reads them back in this transaction)
        at = now_utc()
        db.session.execute(sa.insert(NoticeEvent.__table__), [
            {"notice_id": i, "action": "raised", "actor_id": None, "actor_name": SYSTEM_NAME, "at": at, "on": on,
             "note": ""} for i in ids])
    return ids


def record(notice_id: int, action: str, on: date, *, actor=None, note: str = "") -> None:
    db.session.add(NoticeEvent(notice_id=notice_id, action=action, actor_id=getattr(actor, "id", None),
                               actor_name=actor.display_name if actor is not None else SYSTEM_NAME, on=on,
                               note=note))


def response_due(on: date, period: Period | None) -> date | None:
    if period is None:
        return None
    if period.unit == "working_days":
        return current_calendar().nth_working_day_after(on, period.count)
    return on + timedelta(days=period.count)


def _body(case: Case, deadline: Deadline | None, notice_type: NoticeType, extra: str = "") -> str:
    lines = [f"{case.docket_number}"]
    if deadline is not None:
        rule = deadline.rule(get_catalogue())
        lines.append(f"{rule.title}：自{fmt_date(deadline.start_on)}（{rule.start_event}）起算，"
                     f"{fmt_date(deadline.due_on) if deadline.due_on else '—'}届满（{rule.basis.text()}）。")
    if notice_type.note:
        lines.append(notice_type.note)
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def raise_notice(case: Case, deadline: Deadline | None, notice_type: NoticeType, on: date, *, level: int = 1,
                 to: tuple[str, ...] | None = None, title: str | None = None, status: str = NoticeStatus.OPEN.value,
                 proposal: str | None = None, proposal_data: dict | None = None, decided_by: str | None = None,
                 respond_within: Period | None = None, extra: str = "") -> list[int]:
    """Raise `notice_type` on `case` (about `deadline`) to each addressee of `to`; the ids of those newly raised."""
    addressees = [_role(decided_by)] if decided_by else \
        [a for spec in (to or notice_type.to) for a in resolve(case, spec, deadline)]
    body = _body(case, deadline, notice_type, extra)
    rows = [{
        "case_id": case.id, "office_id": case.office_id, "deadline_id": deadline.id if deadline else None,
        "deadline_key": deadline.id if deadline else 0, "type": notice_type.code, "level": level,
        "addressee_key": addressee.key, "addressee_kind": addressee.kind,
        "addressee_user_id": addressee.user_id, "addressee_role": addressee.role,
        "addressee_agency_id": addressee.agency_id, "addressee_name": addressee.name,
        "owner_user_id": case.handler_id, "rule_id": deadline.rule_id if deadline else None,
        "title": title or notice_type.title, "basis": notice_type.basis, "body": body, "proposal": proposal,
        "proposal_data": proposal_data or {}, "decided_by_role": decided_by,
        "due_on": deadline.due_on if deadline else None,
        "response_due_on": response_due(on, respond_within or notice_type.respond_within)
        if addressee.kind in ("agency", "external") else None,
        "raised_on": on, "status": status, "answer": None, "closed_on": None, "raised_at": now_utc(),
    } for addressee in dict.fromkeys(addressees)]
    return sorted(_insert(rows, on))  # one statement for every addressee; those already raised are skipped


def close(notice: Notice, status: NoticeStatus, on: date, note: str, actor=None) -> None:
    notice.status, notice.closed_on = status.value, on
    record(notice.id, status.value, on, actor=actor, note=note)


def close_settled(case: Case, on: date, note: str) -> int:
    """Close the case's open notices whose time limit no longer runs: resolved when it was met (even late),
    cancelled when the case moved on otherwise (withdrawn, closed, the period stopped). Returns how many."""
    rows = db.session.execute(
        sa.select(Notice, Deadline.status).outerjoin(Deadline, Deadline.id == Notice.deadline_id)
        .where(Notice.case_id == case.id, Notice.status.in_(OPEN_NOTICE_STATUSES))).all()
    closed = 0
    types = supervision().types
    for notice, deadline_status in rows:
        with_case = deadline_status is None or types[notice.type].closes_with == "case"
        if (case.closed_on is None) if with_case else (deadline_status in OPEN_STATUSES):
            continue
        done = deadline_status in ("met", "late") and not with_case
        close(notice, NoticeStatus.RESOLVED if done else NoticeStatus.CANCELLED, on, note)
        closed += 1
    return closed


# --- what people do with notices ---------------------------------------------------------------------------------

def visible(user):
    """Notices `user` may read: those of the offices whose cases they may read (caseflow.auth.policies)."""
    from caseflow.auth.policies import visible_office_ids

    return sa.select(Notice).where(Notice.office_id.in_(visible_office_ids(user) or {-1}))


def addressed_to(user):
    """Notices for `user`: to them, to a role they hold in their office, or about cases they handle."""
    return visible(user).where(sa.or_(
        Notice.addressee_user_id == user.id, Notice.owner_user_id == user.id,
        sa.and_(Notice.addressee_role.in_(sorted(user.roles)),
                Notice.office_id == user.office_id if not user.has_role(Role.LEADER) else sa.true())))


def get_notice(notice_id: int, user) -> Notice:
    notice = db.session.scalar(visible(user).where(Notice.id == notice_id))
    if notice is None:
        raise NotFound(f"notice {notice_id} not found")
    return notice


def may_handle(notice: Notice, user) -> bool:
    return (notice.addressee_user_id == user.id or notice.owner_user_id == user.id
            or (notice.addressee_role is not None and user.has_role(notice.addressee_role)))


def acknowledge(notice: Notice, user) -> None:
    if not may_handle(notice, user):
        raise PermissionDenied("not addressed to you", errors={"notice": ["此通知不是发给您的"]})
    if notice.status != NoticeStatus.OPEN.value:
        raise Conflict(f"the notice is {notice.status}", errors={"notice": ["此通知不在待处理状态"]})
    notice.status = NoticeStatus.ACKNOWLEDGED.value
    record(notice.id, "acknowledged", today_local(), actor=user)


def answer(notice: Notice, user, text: str, on: date | None = None) -> None:
    """The answer to a notice: the user's own, or an agency's received by the office (recorded by the handler)."""
    if not may_handle(notice, user):
        raise PermissionDenied("not addressed to you", errors={"notice": ["此通知不是发给您的"]})
    if notice.status not in (NoticeStatus.OPEN.value, NoticeStatus.ACKNOWLEDGED.value):
        raise Conflict(f"the notice is {notice.status}", errors={"notice": ["此通知不能再回复"]})
    if not (text or "").strip():
        raise ValidationFailed("the answer is empty", errors={"answer": ["请填写回复内容"]})
    on = on or today_local()
    if on > today_local() or on < notice.raised_on:
        raise ValidationFailed("the answer's date is out of range",
                               errors={"on": [f"回复日期应在{fmt_date(notice.raised_on)}至今天之间"]})
    notice.status, notice.answer = NoticeStatus.ANSWERED.value, text.strip()
    record(notice.id, "answered", on, actor=user, note=text.strip())


def may_decide(notice: Notice, case: Case, user) -> bool:
    """The role the step names, in the case's office (a leader also above it); a proposal to a person: that person."""
    if notice.status != NoticeStatus.PROPOSED.value:
        return False
    if notice.decided_by_role is None:
        return may_handle(notice, user)
    return user.has_role(notice.decided_by_role) and (case.office_id == user.office_id or user.has_role(Role.LEADER))


def decide(notice: Notice, user, *, take: bool, reason: str = "", on: date | None = None) -> list[int]:
    """The deciding role takes the step the system proposed (or declines it, saying why). A ladder step is issued
    to its addressees; a proposed case step is applied through the one transition service, as the decider's."""
    if notice.status != NoticeStatus.PROPOSED.value:
        raise Conflict(f"the notice is {notice.status}", errors={"notice": ["此通知不是待决定的提议"]})
    case = get_case(notice.case_id, user)
    if not may_decide(notice, case, user):
        who = ROLE_LABELS[Role(notice.decided_by_role)][0] if notice.decided_by_role else notice.addressee_name
        raise PermissionDenied("someone else decides this", errors={"notice": [f"此事项由{who}决定"]})
    on = on or today_local()
    if not take:
        if not (reason or "").strip():
            raise ValidationFailed("say why not", errors={"reason": ["不采取所提议的措施须说明理由"]})
        close(notice, NoticeStatus.DECLINED, on, reason.strip(), actor=user)
        return []
    if notice.proposal:  # a step of the case (R5, R18): the transition's own checks apply
        apply_transition(case, notice.proposal, actor=user, on=on, reason=reason or notice.title,
                         data=dict(notice.proposal_data or {}))
        close(notice, NoticeStatus.RESOLVED, on, reason, actor=user)
        return []
    notice_type = supervision().types[notice.type]
    step = notice_type.step(notice.level)
    deadline = db.session.get(Deadline, notice.deadline_id) if notice.deadline_id else None
    issued = raise_notice(case, deadline, notice_type, on, level=notice.level, to=step.to, title=step.title,
                          respond_within=step.respond_within, extra=reason)
    close(notice, NoticeStatus.RESOLVED, on, reason or "决定采取", actor=user)
    return issued


def escalate_due(case: Case, as_of: date) -> list[int]:
    """Propose the next ladder step where an issued step's answer is overdue and the obligation still stands."""
    proposed = []
    rows = db.session.scalars(sa.select(Notice).join(Deadline, Deadline.id == Notice.deadline_id).where(
        Notice.case_id == case.id, Notice.status.in_((NoticeStatus.OPEN.value, NoticeStatus.ACKNOWLEDGED.value,
                                                      NoticeStatus.ANSWERED.value)),
        Notice.addressee_kind.in_(("agency", "external")), Notice.response_due_on < as_of,
        Deadline.status.in_(OPEN_STATUSES))).all()
    for notice in rows:
        notice_type = supervision().types[notice.type]
        step = notice_type.step(notice.level + 1)
        if step is None:
            continue
        deadline = db.session.get(Deadline, notice.deadline_id)
        ids = raise_notice(case, deadline, notice_type, as_of, level=step.level, title=step.title,
                           status=NoticeStatus.PROPOSED.value, decided_by=step.decided_by,
                           extra=f"{notice.title}限{fmt_date(notice.response_due_on)}前答复，逾期未履行。")
        if ids:
            close(notice, NoticeStatus.ESCALATED, as_of, step.title)
            proposed += ids
    return proposed


def workflow_allows(case: Case, transition: str) -> bool:
    t = get_workflow(case.kind).transitions.get(transition)
    return t is not None and case.state in t.sources


def on_case_changed(case: Case, *, event) -> None:
    """Receiver of caseflow.cases.services.case_changed: a notice whose time limit the step ended closes now, with
    the step as its reason (the next sweep would close it too)."""
    transition = get_workflow(case.kind).transitions.get(event.name)
    close_settled(case, event.effective_on, f"已办理：{transition.title if transition else event.name}")
