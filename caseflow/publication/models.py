"""The publication task of a decision (internal: original, findings, review, approval) and the published copies
(public: only redacted text). The portal reads only `published_decision`, so no bug in an internal page can put
an unpublished or unredacted decision on it."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.cases.models import JSONType
from caseflow.clock import now_utc
from caseflow.extensions import db


class PublicationStatus(str, enum.Enum):
    REVIEWING = "reviewing"  # the clerk reviews the redaction
    EXEMPTION_REQUESTED = "exemption_requested"  # not to be published, awaiting the office head
    AWAITING_APPROVAL = "awaiting_approval"
    PUBLISHED = "published"
    EXEMPTED = "exempted"  # the exemption was approved: not published, with its ground
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    PublicationStatus.REVIEWING: ("待审查脱敏", "Redaction under review"),
    PublicationStatus.EXEMPTION_REQUESTED: ("申请不公开，待审批", "Exemption requested"),
    PublicationStatus.AWAITING_APPROVAL: ("待审批公开", "Awaiting approval"),
    PublicationStatus.PUBLISHED: ("已公开", "Published"),
    PublicationStatus.EXEMPTED: ("经批准不公开", "Exempted"),
    PublicationStatus.WITHDRAWN: ("已撤回", "Withdrawn"),
}

# 政府信息公开条例 Arts. 14–16, ARL Art. 36(2); legal-reference §8.10
EXEMPTION_GROUNDS = {
    "state_secret": ("涉及国家秘密（《政府信息公开条例》第十四条）", "State secret (OGI Regulations Art. 14)"),
    "trade_secret": ("涉及商业秘密（《政府信息公开条例》第十五条）", "Trade secret (OGI Regulations Art. 15)"),
    "privacy": ("涉及个人隐私（《政府信息公开条例》第十五条）", "Personal privacy (OGI Regulations Art. 15)"),
    "party_request": ("当事人有正当理由申请不公开", "A party's justified request"),
    "act_not_public": ("被申请的行为本身未公开（第七十九条第一款）", "The contested act was not public (ARL Art. 79(1))"),
    "other": ("其他（须说明理由）", "Other (reason required)"),
}


class Publication(db.Model):
    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), unique=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(24), default=PublicationStatus.REVIEWING.value, index=True)
    started_on: Mapped[date]
    deadline_id: Mapped[int | None] = mapped_column(sa.ForeignKey("deadline.id"))
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("issued_document.id"))
    original_text: Mapped[str] = mapped_column(sa.Text)
    marks: Mapped[list] = mapped_column(JSONType, default=list)  # [{text, reason}] passages the reviewer removes
    decisions: Mapped[dict] = mapped_column(JSONType, default=dict)  # candidate name → true (redact) / false (keep)
    exemption_ground: Mapped[str | None] = mapped_column(sa.String(24))
    exemption_reason: Mapped[str | None] = mapped_column(sa.Text)
    prepared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    published_id: Mapped[int | None] = mapped_column(sa.ForeignKey("published_decision.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class PublishedDecision(db.Model):
    """A published copy: the redacted text and what the portal lists by. Withdrawal marks it; nothing is deleted."""

    __tablename__ = "published_decision"
    __table_args__ = (sa.Index("ix_published_decision_listing", "withdrawn_on", "published_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    docket_number: Mapped[str] = mapped_column(sa.String(64), index=True)
    document_number: Mapped[str] = mapped_column(sa.String(100))
    title: Mapped[str] = mapped_column(sa.String(200))
    office_name: Mapped[str] = mapped_column(sa.String(200))
    agency_name: Mapped[str] = mapped_column(sa.String(200), index=True)
    field: Mapped[str] = mapped_column(sa.String(32), index=True)
    decision_type: Mapped[str] = mapped_column(sa.String(32), index=True)
    decision_type_title: Mapped[str] = mapped_column(sa.String(100))
    year: Mapped[int] = mapped_column(index=True)
    decided_on: Mapped[date]
    published_on: Mapped[date] = mapped_column(index=True)
    published_at: Mapped[datetime] = mapped_column(default=now_utc)
    body: Mapped[str] = mapped_column(sa.Text)
    withdrawn_on: Mapped[date | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)
