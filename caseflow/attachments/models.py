"""Files attached to a case: application scans, evidence, the respondent's reply. Never deleted."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.clock import now_utc
from caseflow.extensions import db

ATTACHMENT_KINDS = {
    "application": ("申请材料", "Application"),
    "evidence": ("证据材料", "Evidence"),
    "reply": ("被申请人答复", "Respondent's reply"),
    "decision": ("文书", "Document"),
    "other": ("其他", "Other"),
}


class Attachment(db.Model):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=now_utc)

    uploaded_by: Mapped[User] = relationship()
