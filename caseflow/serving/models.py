"""Service records: one per document and addressee. The receipt may be recorded later; nothing else changes."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.clock import now_utc
from caseflow.extensions import db


class Method(str, enum.Enum):
    DIRECT = "direct"  # 直接送达 (CPL Art. 87): the day signed for
    MAIL = "mail"  # 邮寄送达 (CPL Art. 91): the date on the return receipt
    ELECTRONIC = "electronic"  # 电子送达 (CPL Art. 90): the day it reaches the addressee's system
    LEFT = "left"  # 留置送达 (CPL Art. 89): the day it is left
    PUBLIC_NOTICE = "public_notice"  # 公告送达 (CPL Art. 95): deemed served 30 days after the notice


METHOD_LABELS = {
    Method.DIRECT: ("直接送达", "In person"),
    Method.MAIL: ("邮寄送达", "By mail"),
    Method.ELECTRONIC: ("电子送达", "Electronically"),
    Method.LEFT: ("留置送达", "Left at the address"),
    Method.PUBLIC_NOTICE: ("公告送达", "By public notice"),
}


class ServiceRecord(db.Model):
    __tablename__ = "service_record"
    __table_args__ = (
        sa.CheckConstraint("received_on IS NULL OR received_on >= sent_on", name="received_after_sent"),
        sa.Index("ix_service_record_awaiting", "case_id", "received_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("case_event.id"))  # the step that sent it
    document: Mapped[str] = mapped_column(sa.String(48))  # e.g. application_copy, supplement_notice, decision
    document_title: Mapped[str] = mapped_column(sa.String(100))
    addressee: Mapped[str] = mapped_column(sa.String(200))
    addressee_role: Mapped[str] = mapped_column(sa.String(16))  # applicant, respondent, third_party, recipient
    party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("party.id"))
    method: Mapped[str] = mapped_column(sa.String(16))
    sent_on: Mapped[date]
    received_on: Mapped[date | None]
    evidence: Mapped[str | None] = mapped_column(sa.String(200))  # 送达回证 or tracking number
    meets_rule: Mapped[str | None] = mapped_column(sa.String(64))  # a deadline its receipt meets (hearing notice)
    receipt_event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_event.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    @property
    def awaiting(self) -> bool:
        return self.received_on is None
