"""Propose, approve, return, reject and withdraw approval requests (呈批). Flush, never commit.

A proposal is checked exactly as the transition would be (state, role, data, dates, legal guards) by running it
in a savepoint that is rolled back, so nothing changes on the case until the last approval applies it.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from caseflow.approvals.models import ApprovalRequest, ApprovalStep, RequestStatus
from caseflow.auth.models import ROLE_LABELS, Role
from caseflow.cases.models import Case, CaseEvent
from caseflow.cases.services import apply_transition, get_case, get_workflow
from caseflow.clock import now_utc, today_local
from caseflow.errors import Conflict, NotFound, PermissionDenied, StaleCase, ValidationFailed
from caseflow.extensions import db

DRY_RUN = {"approver": None, "record": {}}


def propose(case: Case, name: str, *, actor, on: date | None, version: int | None, reason: str, data: dict,
            opinion: str = "", previous_id: int | None = None) -> ApprovalRequest:
    """Propose `name` for approval, effective `on` (default today). Refused, with the transition's own errors,
    if it could not be applied on that day; nothing changes on the case until the last approval."""
    on = on or today_local()
    previous = _previous(case, name, previous_id) if previous_id is not None else None
    transition = get_workflow(case.kind).transitions.get(name)
    if transition is not None and transition.approval is None:
        raise Conflict(f"'{name}' needs no approval: apply it (POST /api/v1/cases/{case.id}/transitions)",
                       errors={"transition": ["此操作无需审批，请直接办理"]})
    savepoint = db.session.begin_nested()
    try:
        apply_transition(case, name, actor=actor, on=on, version=version, reason=reason, data=data, approval=DRY_RUN)
    finally:
        savepoint.rollback()
    if db.session.scalar(sa.select(ApprovalRequest.id).where(
            ApprovalRequest.case_id == case.id, ApprovalRequest.transition == name,
            ApprovalRequest.status == RequestStatus.PENDING.value, ApprovalRequest.case_version == case.version)):
        raise Conflict("the same action already awaits approval", errors={"transition": ["同一事项已在审批中"]})
    if previous is not None and previous.status == RequestStatus.PENDING.value:
        previous.status, previous.awaiting_role, previous.decided_at = RequestStatus.STALE.value, None, now_utc()
    request = ApprovalRequest(case_id=case.id, transition=name, status=RequestStatus.PENDING.value, stage=0,
                              awaiting_role=transition.approval.by[0], case_version=case.version,
                              proposed_by_id=actor.id, proposed_on=on, opinion=(opinion or "").strip(),
                              reason=(reason or "").strip(), data=_json(data),
                              previous_id=previous.id if previous else None)
    db.session.add(request)
    db.session.flush()
    return request


def _previous(case: Case, name: str, previous_id: int) -> ApprovalRequest:
    """The request a re-proposal follows: one of this case and action that was returned, or that went stale."""
    previous = db.session.get(ApprovalRequest, previous_id)
    if previous is None or previous.case_id != case.id or previous.transition != name \
            or status_of(previous, case) not in (RequestStatus.RETURNED, RequestStatus.STALE):
        raise ValidationFailed("not a returned or stale request of this action",
                               errors={"previous_id": ["只能就本案同一事项被退回或已失效的呈批重新提交"]})
    return previous


def _json(data: dict) -> dict:
    """The data as JSON can keep it (dates as ISO strings): what the proposer entered, applied unchanged."""
    if isinstance(data, dict):
        return {k: _json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_json(v) for v in data]
    return data.isoformat() if isinstance(data, date) else data


def get_request(request_id: int, user) -> ApprovalRequest:
    """The request, if `user` may read its case (else NotFound, as for the case itself)."""
    request = db.session.get(ApprovalRequest, request_id)
    if request is None:
        raise NotFound(f"approval request {request_id} not found")
    get_case(request.case_id, user)
    return request


def status_of(request: ApprovalRequest, case: Case) -> RequestStatus:
    """The request's status, where a pending request whose case changed since it was proposed is stale: it can no
    longer be approved (its proposer may propose again on the case as it is now)."""
    if request.status == RequestStatus.PENDING.value and case.version != request.case_version:
        return RequestStatus.STALE
    return RequestStatus(request.status)


def _decider_check(request: ApprovalRequest, user, *, approving: bool) -> Case:
    case = db.session.get(Case, request.case_id)
    status = status_of(request, case)
    if status == RequestStatus.STALE and approving:
        raise StaleCase("the case changed after the proposal; propose again on its current state",
                        current_version=case.version, errors={"request": ["案件在呈批后已有变化，本呈批已失效，请重新提交"]})
    if status not in (RequestStatus.PENDING, RequestStatus.STALE):
        raise Conflict(f"the request is {request.status}", errors={"request": ["该呈批已办结，不能再审批"]})
    if case.office_id != user.office_id or not user.has_role(request.awaiting_role):
        title = ROLE_LABELS[Role(request.awaiting_role)][0]
        raise PermissionDenied(f"this stage is for the {request.awaiting_role}",
                               errors={"request": [f"本环节应由{title}审批"]})
    if user.id == request.proposed_by_id or user.id in {s.decided_by_id for s in request.steps}:
        raise PermissionDenied("one may not approve one's own proposal, nor approve twice",
                               errors={"request": ["不能审批本人提交的呈批，也不能重复审批"]})
    return case


def may_decide(request: ApprovalRequest, user) -> dict:
    """What `user` may do with the request now: {'approve': bool, 'send_back': bool} (for the page's buttons;
    the services check again)."""
    out = {}
    for action, approving in (("approve", True), ("send_back", False)):
        try:
            _decider_check(request, user, approving=approving)
        except (PermissionDenied, Conflict):
            out[action] = False
        else:
            out[action] = True
    return out


def _claim() -> None:
    """Write the decision; a concurrent decision on the same request (its lock_version moved) loses cleanly."""
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict("someone else decided this request first; reload it",
                       errors={"request": ["该呈批刚被他人处理，请刷新"]}) from None


def approve(request: ApprovalRequest, user, opinion: str = "", on: date | None = None) -> CaseEvent | None:
    """Approve at the current stage. An earlier stage passes the request to the next role; the last applies the
    transition as its proposer, effective on the day the workflow names (the approval day `on`, default today, or
    the proposed day), and returns its event."""
    case = _decider_check(request, user, approving=True)
    chain = get_workflow(case.kind).transitions[request.transition].approval
    today = today_local()
    on = on or today
    if on > today or on < request.proposed_on:
        raise ValidationFailed("the approval date is in the future or before the proposal",
                               errors={"on": [f"批准日期应在{request.proposed_on.isoformat()}（拟办日期）至今天之间"]})
    request.steps.append(ApprovalStep(stage=request.stage, role=request.awaiting_role, outcome="approved",
                                      decided_by_id=user.id, decided_on=on, opinion=(opinion or "").strip()))
    if request.stage + 1 < len(chain.by):
        request.stage += 1
        request.awaiting_role = chain.by[request.stage]
        _claim()
        return None
    _claim()
    effective_on = request.proposed_on if chain.effective == "proposal" else on
    record = {"request_id": request.id, "proposed_by": request.proposed_by.display_name,
              "proposed_at": request.proposed_at.isoformat(), "proposed_on": request.proposed_on.isoformat(),
              "opinion": request.opinion, "effective": chain.effective,
              "steps": [{"role": s.role, "by": s.decided_by.display_name, "at": s.decided_at.isoformat(),
                         "on": s.decided_on.isoformat(), "opinion": s.opinion} for s in request.steps]}
    event = apply_transition(case, request.transition, actor=request.proposed_by, on=effective_on,
                             version=request.case_version, reason=request.reason, data=dict(request.data),
                             approval={"approver": user, "record": record})
    request.status, request.awaiting_role, request.decided_at = RequestStatus.APPROVED.value, None, now_utc()
    request.event_id = event.id
    _claim()
    return event


def send_back(request: ApprovalRequest, user, opinion: str, *, reject: bool = False) -> None:
    """Return the request to its proposer with an opinion (they may propose again), or reject it."""
    _decider_check(request, user, approving=False)
    if not (opinion or "").strip():
        raise ValidationFailed("an opinion is required", errors={"opinion": ["退回或不予批准须写明审批意见"]})
    outcome = RequestStatus.REJECTED if reject else RequestStatus.RETURNED
    request.steps.append(ApprovalStep(stage=request.stage, role=request.awaiting_role, outcome=outcome.value,
                                      decided_by_id=user.id, decided_on=today_local(), opinion=opinion.strip()))
    request.status, request.awaiting_role, request.decided_at = outcome.value, None, now_utc()
    _claim()


def withdraw(request: ApprovalRequest, user) -> None:
    """The proposer takes back a pending request."""
    if request.proposed_by_id != user.id:
        raise PermissionDenied("only the proposer withdraws a request", errors={"request": ["只有提交人可以撤回"]})
    if request.status != RequestStatus.PENDING.value:
        raise Conflict(f"the request is {request.status}", errors={"request": ["该呈批已办结，不能撤回"]})
    request.status, request.awaiting_role, request.decided_at = RequestStatus.WITHDRAWN.value, None, now_utc()
    _claim()


def _queue_query(user):
    """Pending, current requests of `user`'s office at a stage for a role they hold, which they neither proposed
    nor already approved at an earlier stage."""
    approved = sa.select(ApprovalStep.request_id).where(ApprovalStep.decided_by_id == user.id)
    return (sa.select(ApprovalRequest).join(Case, Case.id == ApprovalRequest.case_id)
            .where(ApprovalRequest.status == RequestStatus.PENDING.value,
                   ApprovalRequest.case_version == Case.version,
                   ApprovalRequest.awaiting_role.in_(sorted(user.roles)), Case.office_id == user.office_id,
                   ApprovalRequest.proposed_by_id != user.id, ApprovalRequest.id.not_in(approved)))


def queue(user) -> list[ApprovalRequest]:
    """What awaits `user`'s approval (待审批), oldest first."""
    return list(db.session.scalars(_queue_query(user).order_by(ApprovalRequest.proposed_at, ApprovalRequest.id)))


def queue_count(user) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(_queue_query(user).subquery()))


def proposed_by(user, limit: int = 50) -> list[ApprovalRequest]:
    """`user`'s own requests, newest first."""
    return list(db.session.scalars(sa.select(ApprovalRequest).where(ApprovalRequest.proposed_by_id == user.id)
                                   .order_by(ApprovalRequest.id.desc()).limit(limit)))


def for_case(case_id: int) -> list[ApprovalRequest]:
    return list(db.session.scalars(sa.select(ApprovalRequest).where(ApprovalRequest.case_id == case_id)
                                   .order_by(ApprovalRequest.id)))
