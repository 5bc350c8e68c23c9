"""The case aggregate: the case, its parties, the contested act and its append-only event log."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.clock import now_utc
from caseflow.extensions import db
from caseflow.organisations.models import Office, RespondentAgency

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


class ReceiptChannel(str, enum.Enum):
    IN_PERSON = "in_person"
    MAIL = "mail"
    ONLINE = "online"
    VIA_PENALTY_AGENCY = "via_penalty_agency"  # ARL Art. 32


RECEIPT_CHANNEL_LABELS = {
    ReceiptChannel.IN_PERSON: ("当面递交", "In person"),
    ReceiptChannel.MAIL: ("邮寄", "By mail"),
    ReceiptChannel.ONLINE: ("网上申请", "Online"),
    ReceiptChannel.VIA_PENALTY_AGENCY: ("经作出处罚的机关转送", "Via the penalty agency"),
}


class DocketCounter(db.Model):
    """The last docket sequence number used per office, kind and year."""

    __tablename__ = "docket_counter"

    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)


class Case(db.Model):
    __tablename__ = "case"
    __table_args__ = (
        sa.UniqueConstraint("office_id", "kind", "docket_year", "docket_seq"),
        sa.Index("ix_case_office_state", "office_id", "state"),
        sa.CheckConstraint("procedure IN ('ordinary', 'simplified')", name="procedure_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32), index=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"))
    docket_year: Mapped[int]
    docket_seq: Mapped[int]
    docket_number: Mapped[str] = mapped_column(sa.String(64), unique=True)
    state: Mapped[str] = mapped_column(sa.String(32), index=True)
    previous_state: Mapped[str | None] = mapped_column(sa.String(32))
    procedure: Mapped[str] = mapped_column(sa.String(16), default="ordinary")
    version: Mapped[int] = mapped_column(default=1)

    received_on: Mapped[date] = mapped_column(index=True)
    receipt_channel: Mapped[str] = mapped_column(sa.String(32))
    accepted_on: Mapped[date | None]
    decided_on: Mapped[date | None]
    decision_type: Mapped[str | None] = mapped_column(sa.String(32))
    performance_days: Mapped[int | None]
    effective_on: Mapped[date | None]
    closing_ground: Mapped[str | None] = mapped_column(sa.String(32))
    no_reply: Mapped[bool] = mapped_column(default=False)

    respondent_agency_id: Mapped[int] = mapped_column(sa.ForeignKey("respondent_agency.id"), index=True)
    handler_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    request: Mapped[str] = mapped_column(sa.Text)  # 行政复议请求
    facts_and_reasons: Mapped[str] = mapped_column(sa.Text, default="")
    timeliness: Mapped[dict] = mapped_column(JSONType, default=dict)  # the Art. 20/21 check at registration

    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    office: Mapped[Office] = relationship()
    respondent_agency: Mapped[RespondentAgency] = relationship()
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    parties: Mapped[list[Party]] = relationship(back_populates="case", order_by="Party.id",
                                                cascade="all, delete-orphan")
    act: Mapped[ContestedAct | None] = relationship(back_populates="case", cascade="all, delete-orphan")
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", order_by="CaseEvent.seq",
                                                   viewonly=True)

    # Optimistic locking: every UPDATE says WHERE version = <the version read>; a stale writer changes nothing.
    # The service bumps the version itself (one per event), so an event-only change still claims the row.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def applicants(self) -> list[Party]:
        return [p for p in self.parties if p.role == "applicant"]


class Party(db.Model):
    """An applicant, a third party, or an agent acting for one of them."""

    __tablename__ = "party"
    __table_args__ = (
        sa.CheckConstraint("role IN ('applicant', 'third_party', 'agent')", name="role_known"),
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


class ContestedAct(db.Model):
    """The administrative act challenged (被申请行政复议的行政行为); one application per act (ARL Art. 22(4))."""

    __tablename__ = "contested_act"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), primary_key=True)
    act_type: Mapped[str] = mapped_column(sa.String(32))
    description: Mapped[str] = mapped_column(sa.Text)
    document_number: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    made_on: Mapped[date]
    known_on: Mapped[date]
    informed_of_right: Mapped[bool] = mapped_column(default=True)  # told of the right, organ and period (Art. 20(3))
    immovable_property: Mapped[bool] = mapped_column(default=False)  # 20-year bar (Art. 21)
    obstacle_days: Mapped[int] = mapped_column(default=0)  # time lost to force majeure (Art. 20(2))

    case: Mapped[Case] = relationship(back_populates="act")


class CaseEvent(db.Model):
    """One entry of a case's history. Never updated or deleted (enforced by the ORM and, on PostgreSQL, a trigger)."""

    __tablename__ = "case_event"
    __table_args__ = (sa.UniqueConstraint("case_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"))
    seq: Mapped[int]  # equals the case version this event produced; unique, so two writers cannot both win
    name: Mapped[str] = mapped_column(sa.String(48))
    from_state: Mapped[str | None] = mapped_column(sa.String(32))
    to_state: Mapped[str | None] = mapped_column(sa.String(32))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    actor_name: Mapped[str] = mapped_column(sa.String(100))
    approver_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    effective_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=now_utc)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    payload: Mapped[dict] = mapped_column(JSONType, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])


@sa.event.listens_for(sa.orm.Session, "before_flush")
def _events_are_append_only(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, CaseEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise RuntimeError("case events are append-only: they are never updated or deleted")
