"""归档: archiving a closed case, and withdrawing it (撤销归档). Flush, never commit.

An archived case is read-only: the case engine refuses every change to it (Case.refuse_if_archived, called by
apply_transition, record_receipt, record_event, attachments and documents), so no page or endpoint can forget to.
It stays in lists and search, marked 已归档 (filter: archived).

Who: the office head of the case's office archives it (立卷归档 closes the office's own file; BJMED Art. 31 for a
mediation). Administrators do not read case files in CaseFlow (README, Roles), so they do not archive from the case
page; withdrawing an archiving (调卷后需继续办理, e.g. a court remands) is an administrator's act, from the operator's
command line (`flask caseflow unarchive-case`), with its reason, as an event of the case.
"""
from __future__ import annotations

import sqlalchemy as sa

from caseflow.approvals.models import ApprovalRequest, RequestStatus
from caseflow.auth.models import Role, User
from caseflow.cases.models import Case
from caseflow.cases.services import _append_event, get_workflow
from caseflow.clock import now_utc, today_local
from caseflow.deadlines.models import OPEN_STATUSES, Deadline
from caseflow.errors import Conflict, PermissionDenied, StaleCase, ValidationFailed
from caseflow.extensions import db
from caseflow.supervision.models import OPEN_NOTICE_STATUSES, Notice

ARCHIVE_EVENT, UNARCHIVE_EVENT = "archive_case", "unarchive_case"


def may_archive(user, case: Case) -> bool:
    return (not getattr(user, "is_system", False) and user.office_id == case.office_id
            and user.has_role(Role.OFFICE_HEAD))


def may_export(user, case: Case) -> bool:
    """The whole file (every party's personal data in full) goes to the office head of the case's office."""
    return may_archive(user, case)


def open_matters(case: Case) -> list[str]:
    """Why `case` cannot be archived yet (empty: it can): it must be closed, with nothing left running."""
    reasons = []
    if not get_workflow(case.kind).states[case.state].final:
        reasons.append("案件尚未办结（未处于终结状态），不能归档")
    running = db.session.scalar(sa.select(sa.func.count()).select_from(Deadline).where(
        Deadline.case_id == case.id, Deadline.status.in_(OPEN_STATUSES)))
    if running:
        reasons.append(f"尚有{running}个期限在进行中（如履行、起诉期限、网上公开），届满或办结后方可归档")
    pending = db.session.scalar(sa.select(sa.func.count()).select_from(ApprovalRequest).where(
        ApprovalRequest.case_id == case.id, ApprovalRequest.status == RequestStatus.PENDING.value))
    if pending:
        reasons.append(f"尚有{pending}件呈批事项待审批")
    notices = db.session.scalar(sa.select(sa.func.count()).select_from(Notice).where(
        Notice.case_id == case.id, Notice.status.in_(OPEN_NOTICE_STATUSES)))
    if notices:
        reasons.append(f"尚有{notices}件督办通知未办结")
    return reasons


def archive_case(case: Case, user, *, reason: str, version: int | None = None):
    """Archive a closed case: who, when and why on the case and as its `archive_case` event."""
    if not may_archive(user, case):
        raise PermissionDenied("only the office head of the case's office archives it",
                               errors={"case": ["仅本机构负责人可以归档案件"]})
    case.refuse_if_archived()
    if version is not None and version != case.version:
        raise StaleCase(f"the case changed (now version {case.version}); reload it and try again",
                        current_version=case.version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("a reason is required", errors={"reason": ["请填写归档说明"]})
    reasons = open_matters(case)
    if reasons:
        raise Conflict("the case cannot be archived yet", errors={"case": reasons})
    event = _append_event(case, ARCHIVE_EVENT, from_state=case.state, to_state=case.state, actor=user,
                          on=today_local(), reason=reason, payload={"archived": True},
                          actor_role=Role.OFFICE_HEAD.value)
    case.archived_at, case.archived_by_id, case.archived_by_name = now_utc(), user.id, user.display_name
    case.archive_reason = reason
    db.session.flush()
    return event


def unarchive_case(case: Case, admin: User, *, reason: str):
    """Withdraw the archiving (撤销归档): an administrator, with a reason; the case can change again."""
    if not admin.active or not admin.has_role(Role.ADMIN):
        raise PermissionDenied("only an active administrator withdraws an archiving")
    if not case.archived:
        raise Conflict("the case is not archived", errors={"case": ["案件未归档"]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("a reason is required", errors={"reason": ["请填写撤销归档的理由"]})
    was = {"archived_at": case.archived_at.isoformat(), "archived_by": case.archived_by_name,
           "archive_reason": case.archive_reason}
    case.archived_at = case.archived_by_id = case.archived_by_name = case.archive_reason = None
    return _append_event(case, UNARCHIVE_EVENT, from_state=case.state, to_state=case.state, actor=admin,
                         on=today_local(), reason=reason, payload=was, actor_role=Role.ADMIN.value)
