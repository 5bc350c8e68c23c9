"""Supervision notices (督办/监督通知), what happened to each, the outbox of e-mails, and the sweeps' runs.
Nothing here is deleted: a notice that no longer applies is closed with its reason."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.cases.models import JSONType
from caseflow.clock import now_utc
from caseflow.extensions import db


class NoticeStatus(str, enum.Enum):
    PROPOSED = "proposed"  # a step the system proposes, awaiting the role that decides it
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"  # the addressee answered (an agency's answer is recorded by the office)
    ESCALATED = "escalated"  # the next step of the ladder followed
    RESOLVED = "resolved"  # what it was about is done: the reply came, the decision was performed
    DECLINED = "declined"  # the deciding role decided not to take the proposed step
    CANCELLED = "cancelled"  # the case moved on (withdrawn, closed, the period stopped)


OPEN_NOTICE_STATUSES = (NoticeStatus.PROPOSED.value, NoticeStatus.OPEN.value, NoticeStatus.ACKNOWLEDGED.value,
                        NoticeStatus.ANSWERED.value)

STATUS_LABELS = {
    NoticeStatus.PROPOSED: ("待决定", "Awaiting decision"), NoticeStatus.OPEN: ("待处理", "Open"),
    NoticeStatus.ACKNOWLEDGED: ("已阅", "Acknowledged"), NoticeStatus.ANSWERED: ("已回复", "Answered"),
    NoticeStatus.ESCALATED: ("已升级", "Escalated"), NoticeStatus.RESOLVED: ("已解决", "Resolved"),
    NoticeStatus.DECLINED: ("决定不采取", "Declined"), NoticeStatus.CANCELLED: ("已撤销（案件已变化）", "Cancelled"),
}


class Notice(db.Model):
    __tablename__ = "supervision_notice"
    # One notice per lapse: a sweep run twice, or three at once, cannot raise it again.
    __table_args__ = (
        sa.UniqueConstraint("case_id", "deadline_key", "type", "level", "addressee_key", name="one_per_lapse"),
        sa.Index("ix_supervision_notice_office_status", "office_id", "status"),
        sa.Index("ix_supervision_notice_user_status", "addressee_user_id", "status"),
        sa.Index("ix_supervision_notice_agency_status", "addressee_agency_id", "status"),
        sa.Index("ix_supervision_notice_status_response", "status", "response_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"))
    deadline_id: Mapped[int | None] = mapped_column(sa.ForeignKey("deadline.id"))
    deadline_key: Mapped[int] = mapped_column(default=0)  # the deadline's id, 0 when none (part of the unique key)
    type: Mapped[str] = mapped_column(sa.String(8))  # E1 ... E13, P (a proposal)
    level: Mapped[int] = mapped_column(default=1)  # a warning's days before the last day; a ladder's step
    addressee_key: Mapped[str] = mapped_column(sa.String(64))  # user:12, role:office_head, agency:3, name:...
    addressee_kind: Mapped[str] = mapped_column(sa.String(16))  # user | role | agency | external
    addressee_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    addressee_role: Mapped[str | None] = mapped_column(sa.String(32))
    addressee_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("respondent_agency.id"))
    addressee_name: Mapped[str] = mapped_column(sa.String(200))
    owner_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))  # who follows it up
    rule_id: Mapped[str | None] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(200))
    basis: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    proposal: Mapped[str | None] = mapped_column(sa.String(48))  # the step proposed (a transition), if any
    proposal_data: Mapped[dict] = mapped_column(JSONType, default=dict)
    decided_by_role: Mapped[str | None] = mapped_column(sa.String(32))  # who decides a proposed step
    due_on: Mapped[date | None]  # the last day of the time limit it is about
    response_due_on: Mapped[date | None]  # the addressee's time to answer
    raised_on: Mapped[date]  # the business day it was raised
    raised_at: Mapped[datetime] = mapped_column(default=now_utc)
    status: Mapped[str] = mapped_column(sa.String(16), default=NoticeStatus.OPEN.value)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    closed_on: Mapped[date | None]

    events: Mapped[list[NoticeEvent]] = relationship(order_by="NoticeEvent.id")  # the pages load them in bulk

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_NOTICE_STATUSES


class NoticeEvent(db.Model):
    """What happened to a notice: raised, acknowledged, answered, decided, escalated, resolved, cancelled."""

    __tablename__ = "supervision_notice_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(sa.ForeignKey("supervision_notice.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(16))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    actor_name: Mapped[str] = mapped_column(sa.String(100))  # 系统 for the sweep
    at: Mapped[datetime] = mapped_column(default=now_utc)
    on: Mapped[date]  # the business day
    note: Mapped[str] = mapped_column(sa.Text, default="")


class OutboxMessage(db.Model):
    """An e-mail to send. The sweep and the digest only write here; delivery retries with backoff, so a mail server
    that is down loses nothing."""

    __tablename__ = "outbox_message"
    __table_args__ = (sa.Index("ix_outbox_message_pending", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(100), unique=True)  # e.g. digest:agency:3:2026-11-23, written once
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("respondent_agency.id"))
    to_address: Mapped[str] = mapped_column(sa.String(200))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=now_utc)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    sent_at: Mapped[datetime | None]


class SweepRun(db.Model):
    """One sweep: when, as of which day, what it did, and the cases it could not handle (with why)."""

    __tablename__ = "sweep_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(sa.String(32), default="sweep")
    as_of: Mapped[date]
    started_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(sa.String(16), default="running")  # running | done
    counts: Mapped[dict] = mapped_column(JSONType, default=dict)
    errors: Mapped[list] = mapped_column(JSONType, default=list)
