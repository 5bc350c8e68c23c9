"""The case core every kind shares: the case, its parties and its append-only event log."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.clock import now_utc, to_local
from caseflow.errors import CaseArchived
from caseflow.extensions import db
from caseflow.organisations.models import Office

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


class DocketCounter(db.Model):
    """The last docket sequence number used per office, kind and year."""

    __tablename__ = "docket_counter"

    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)


class Case(db.Model):
    """The core every kind of case shares. A kind adds its own detail table as a joined-table subclass
    (caseflow/kinds/<kind>/models.py), so loading a Case gives the kind's class with all its columns."""

    __tablename__ = "case"
    __table_args__ = (
        sa.UniqueConstraint("office_id", "kind", "docket_year", "docket_seq"),
        sa.Index("ix_case_office_state", "office_id", "state"),
        # The case list's sort and overdue filter (next_due_on < today) read these, never the deadline rows.
        sa.Index("ix_case_office_next_due", "office_id", "next_due_on", "id"),
        sa.Index("ix_case_office_received", "office_id", "received_on", "id"),
        sa.Index("ix_case_office_docket", "office_id", "docket_year", "docket_seq", "id"),  # the docket sort
        # who handles cases of these offices (the list's 承办人 choices): one probe per person
        sa.Index("ix_case_handler_office", "handler_id", "office_id"),
        sa.Index("ix_case_received_kind_office", "received_on", "kind", "office_id"),  # the statistics' receipts
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32), index=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"))
    docket_year: Mapped[int]
    docket_seq: Mapped[int]
    docket_number: Mapped[str] = mapped_column(sa.String(64), unique=True)
    state: Mapped[str] = mapped_column(sa.String(32), index=True)
    previous_state: Mapped[str | None] = mapped_column(sa.String(32))
    version: Mapped[int] = mapped_column(default=1)
    received_on: Mapped[date] = mapped_column(index=True)
    # The day the case reached a final state of its workflow (None while open): lists and figures read it.
    closed_on: Mapped[date | None] = mapped_column(index=True)
    handler_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # The earliest running obligation deadline (its due date, rule and whether that date is provisional), kept
    # current in the transaction that changes a deadline (caseflow.cases.next_due): lists sort and filter on it.
    next_due_on: Mapped[date | None] = mapped_column()
    next_due_rule: Mapped[str | None] = mapped_column(sa.String(64))
    next_due_provisional: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The characters and character pairs of the docket number, the parties' and the respondent's names, as hex
    # tokens (caseflow.cases.search): GIN-indexed on PostgreSQL, an FTS5 table on SQLite. Not read by the ORM.
    search_terms: Mapped[str] = mapped_column(sa.Text, default="", server_default="", deferred=True)

    # 归档: a closed case archived by its office head is read-only (caseflow.casefile.services); who, when and why
    # are also its `archive_case` event. None while not archived.
    archived_at: Mapped[datetime | None] = mapped_column()
    archived_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    archived_by_name: Mapped[str | None] = mapped_column(sa.String(100))
    archive_reason: Mapped[str | None] = mapped_column(sa.Text)

    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    office: Mapped[Office] = relationship()
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    parties: Mapped[list[Party]] = relationship(back_populates="case", order_by="Party.id",
                                                cascade="all, delete-orphan")
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", order_by="CaseEvent.seq",
                                                   viewonly=True)
    assignments: Mapped[list[CaseAssignment]] = relationship(order_by="CaseAssignment.id", viewonly=True)

    # Optimistic locking: every UPDATE says WHERE version = <the version read>; a stale writer changes nothing.
    # The service bumps the version itself (one per event), so an event-only change still claims the row.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False, "polymorphic_on": kind}

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def refuse_if_archived(self) -> None:
        """Every write service calls this first: an archived case (归档) changes no more (409 case_archived)."""
        if self.archived_at is not None:
            raise CaseArchived(
                f"case {self.docket_number} is archived (归档): it is read-only",
                archived_at=self.archived_at.isoformat(), archived_by=self.archived_by_name,
                errors={"case": [f"案件已于{to_local(self.archived_at):%Y年%m月%d日}归档，不能再作任何更改"
                                 f"（归档人：{self.archived_by_name}）"]})

    def parties_in(self, role: str) -> list[Party]:
        return [p for p in self.parties if p.role == role]

    @property
    def applicants(self) -> list[Party]:
        return self.parties_in("applicant")


class Party(db.Model):
    """A party: an applicant, the other side of a civil dispute (respondent), a third party, or an agent acting
    for one of them. (In reconsideration the respondent is an agency, kept in the kind's detail.)"""

    __tablename__ = "party"
    __table_args__ = (
        sa.CheckConstraint("role IN ('applicant', 'respondent', 'third_party', 'agent')", name="role_known"),
        sa.CheckConstraint("kind IN ('natural_person', 'organisation')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    id_number: Mapped[str | None] = mapped_column(sa.String(18), index=True)  # 公民身份号码
    credit_code: Mapped[str | None] = mapped_column(sa.String(18), index=True)  # 统一社会信用代码
    legal_representative: Mapped[str | None] = mapped_column(sa.String(100))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    address: Mapped[str | None] = mapped_column(sa.String(300))

    case: Mapped[Case] = relationship(back_populates="parties")


class CaseAssignment(db.Model):
    """Someone working on a case besides its handler (a mediator, a co-mediator ...), from one event to another.
    Ended, never deleted: a recusal (回避) ends one assignment and the history keeps it."""

    __tablename__ = "case_assignment"
    __table_args__ = (sa.Index("ix_case_assignment_user_open", "user_id", "ended_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    duty: Mapped[str] = mapped_column(sa.String(32))  # e.g. mediator, co_mediator
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    end_reason: Mapped[str | None] = mapped_column(sa.Text)
    start_event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_event.id"))
    end_event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_event.id"))

    user: Mapped[User] = relationship(lazy="joined")


class CaseEvent(db.Model):
    """One entry of a case's history. Never updated or deleted (enforced by the ORM and, on PostgreSQL, a trigger)."""

    __tablename__ = "case_event"
    __table_args__ = (sa.UniqueConstraint("case_id", "seq"),
                      sa.Index("ix_case_event_name_effective_on", "name", "effective_on"))  # the statistics' counts

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"))
    seq: Mapped[int]  # equals the case version this event produced; unique, so two writers cannot both win
    name: Mapped[str] = mapped_column(sa.String(48))
    from_state: Mapped[str | None] = mapped_column(sa.String(32))
    to_state: Mapped[str | None] = mapped_column(sa.String(32))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    actor_name: Mapped[str] = mapped_column(sa.String(100))
    # The role(s) the actor acted in; "system" for what the system does by itself (deemed acceptance ...).
    actor_role: Mapped[str | None] = mapped_column(sa.String(64))
    approver_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    effective_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=now_utc)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    payload: Mapped[dict] = mapped_column(JSONType, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])


# The effective day of the case's latest event (no step may be dated before it, caseflow.cases.services). Deferred:
# read on first use, or with the case where a job asks for it (the sweep's lock undefers it).
Case.last_event_on = sa.orm.column_property(
    sa.select(sa.func.max(CaseEvent.effective_on)).where(CaseEvent.case_id == Case.id).correlate_except(CaseEvent)
    .scalar_subquery(), deferred=True)


@sa.event.listens_for(sa.orm.Session, "before_flush")
def _events_are_append_only(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, CaseEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise RuntimeError("case events are append-only: they are never updated or deleted")
