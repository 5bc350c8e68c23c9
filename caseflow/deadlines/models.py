"""Deadline rows per case, and their ledger of pauses and extensions.

A deadline's dates are never typed in: they are derived from start date + rule + ledger + calendar by
caseflow.calendar.periods and stored here so lists can sort and filter on them.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.clock import now_utc
from caseflow.extensions import db


class DeadlineStatus(str, enum.Enum):
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"  # the act was done on or before the due date
    LATE = "late"  # the act was done after the due date
    STOPPED = "stopped"  # the case ended before the act was needed
    EXPIRED = "expired"  # the case ended after the period ran out without the act (e.g. no supplement came)


OPEN_STATUSES = (DeadlineStatus.RUNNING.value, DeadlineStatus.PAUSED.value)


class Deadline(db.Model):
    __tablename__ = "deadline"
    __table_args__ = (sa.Index("ix_deadline_status_due_on", "status", "due_on"),
                      # the statistics count by closing day, rule and status, from the index alone
                      sa.Index("ix_deadline_closed", "closed_on", "rule_id", "status", "case_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    rule_id: Mapped[str] = mapped_column(sa.String(64))
    # The version of the rule is the one in force for the case's receipt (§8.11), kept so a later version of the
    # law never changes a running case's clock.
    rule_as_of: Mapped[date]
    start_event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_event.id"))
    start_on: Mapped[date]
    count: Mapped[int]  # the rule's count, or the count the decision set (e.g. days to perform)
    status: Mapped[str] = mapped_column(sa.String(16), default=DeadlineStatus.RUNNING.value)
    due_on: Mapped[date | None]  # None while paused
    nominal_on: Mapped[date | None]
    provisional: Mapped[bool] = mapped_column(default=False)
    # A clock counted from a document's receipt: its service record, and whether the receipt is still awaited
    # (the start is then presumed, caseflow.serving).
    service_id: Mapped[int | None] = mapped_column(sa.ForeignKey("service_record.id"))
    awaiting_receipt: Mapped[bool] = mapped_column(default=False)
    closed_on: Mapped[date | None]
    closed_event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_event.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    # The ledger loads when read (a query that lists deadlines with their ledgers asks for it: LEDGER), so the many
    # reads that only need a deadline's dates and status (guards, the sweep) cost one statement, not three.
    pauses: Mapped[list[DeadlinePause]] = relationship(order_by="DeadlinePause.paused_on",
                                                       cascade="all, delete-orphan")
    extensions: Mapped[list[DeadlineExtension]] = relationship(order_by="DeadlineExtension.id",
                                                               cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def rule(self, catalogue):
        """The version of this deadline's rule that governs it."""
        return catalogue.get(self.rule_id, as_of=self.rule_as_of)


class DeadlinePause(db.Model):
    """A paused interval (中止, 补正 ...): the days after `paused_on` through `resumed_on` do not run."""

    __tablename__ = "deadline_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(sa.ForeignKey("deadline.id"), index=True)
    paused_on: Mapped[date]
    resumed_on: Mapped[date | None]
    ground: Mapped[str] = mapped_column(sa.String(200))
    pause_event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_event.id"))
    resume_event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_event.id"))


class DeadlineExtension(db.Model):
    """An approved extension (ARL Art. 62): who approved it, when and why."""

    __tablename__ = "deadline_extension"

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(sa.ForeignKey("deadline.id"), index=True)
    days: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.Text)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    approved_on: Mapped[date]
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_event.id"))

    approved_by: Mapped[User | None] = relationship(lazy="joined")


class RecomputeJob(db.Model):
    """A recompute of every open deadline after a calendar change, queued for the scheduler process when there
    are too many to do inside the request (RECOMPUTE_INLINE_LIMIT). It runs in batches, each committed with the
    events of the deadlines it moved, and resumes after `last_deadline_id` if the scheduler died on the way."""

    __tablename__ = "deadline_recompute_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(sa.String(100))
    reason_zh: Mapped[str] = mapped_column(sa.Text)
    reason_en: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default="queued", index=True)  # queued | running | done
    # The days the change touched (a corrected day, a notice's year): only deadlines whose period includes one
    # are recomputed. Empty: every open deadline (a job queued before the days were kept).
    changed_from: Mapped[date | None]
    changed_to: Mapped[date | None]
    last_deadline_id: Mapped[int] = mapped_column(default=0)
    checked: Mapped[int] = mapped_column(default=0)
    moved: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]
