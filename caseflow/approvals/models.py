"""Approval requests and each approver's decision on them. Never deleted."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.cases.models import JSONType
from caseflow.clock import now_utc
from caseflow.extensions import db


class RequestStatus(str, enum.Enum):
    PENDING = "pending"  # awaiting the approver of its current stage
    RETURNED = "returned"  # sent back with an opinion: the proposer may propose again
    REJECTED = "rejected"
    APPROVED = "approved"  # applied: its event is on the case
    STALE = "stale"  # the case moved on after it was proposed: it can no longer be approved
    WITHDRAWN = "withdrawn"  # taken back by its proposer


STATUS_LABELS = {
    RequestStatus.PENDING: ("待审批", "Pending"), RequestStatus.RETURNED: ("已退回", "Returned"),
    RequestStatus.REJECTED: ("不予批准", "Rejected"), RequestStatus.APPROVED: ("已批准", "Approved"),
    RequestStatus.STALE: ("已失效（案件已变化）", "Stale (the case moved on)"),
    RequestStatus.WITHDRAWN: ("已撤回", "Withdrawn"),
}


class ApprovalRequest(db.Model):
    __tablename__ = "approval_request"
    __table_args__ = (sa.Index("ix_approval_request_queue", "status", "awaiting_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    transition: Mapped[str] = mapped_column(sa.String(48))
    status: Mapped[str] = mapped_column(sa.String(16), default=RequestStatus.PENDING.value)
    stage: Mapped[int] = mapped_column(default=0)  # index into the transition's approval chain
    awaiting_role: Mapped[str | None] = mapped_column(sa.String(32))  # who must act next (None once decided)
    case_version: Mapped[int]  # the case as it was proposed on: a later change makes the request stale
    proposed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    proposed_at: Mapped[datetime] = mapped_column(default=now_utc)
    proposed_on: Mapped[date]  # the effective date the proposer gave
    opinion: Mapped[str] = mapped_column(sa.Text, default="")  # 拟办意见
    reason: Mapped[str] = mapped_column(sa.Text, default="")  # the transition's reason
    data: Mapped[dict] = mapped_column(JSONType, default=dict)  # the transition's data, as entered
    previous_id: Mapped[int | None] = mapped_column(sa.ForeignKey("approval_request.id"))  # the one returned
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_event.id"))
    decided_at: Mapped[datetime | None]
    lock_version: Mapped[int] = mapped_column(default=1)

    # Two approvers acting at once: the second's UPDATE finds the version moved and changes nothing.
    __mapper_args__ = {"version_id_col": lock_version}

    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id], lazy="joined")
    steps: Mapped[list[ApprovalStep]] = relationship(order_by="ApprovalStep.id", lazy="selectin")


class ApprovalStep(db.Model):
    """One approver's decision on a request at one stage of its chain."""

    __tablename__ = "approval_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("approval_request.id"), index=True)
    stage: Mapped[int]
    role: Mapped[str] = mapped_column(sa.String(32))
    outcome: Mapped[str] = mapped_column(sa.String(16))  # approved | returned | rejected
    decided_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime] = mapped_column(default=now_utc)
    decided_on: Mapped[date]  # the approval date the approver gave (a paper approval may be entered later)
    opinion: Mapped[str] = mapped_column(sa.Text, default="")

    decided_by: Mapped[User] = relationship(lazy="joined")
