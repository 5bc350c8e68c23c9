"""Issued documents. An issued document is never changed: its bytes and their SHA-256 are kept; a correction is a
new version that names the one it supersedes (the old one is kept and still downloadable)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.clock import now_utc
from caseflow.extensions import db


class IssuedDocument(db.Model):
    __tablename__ = "issued_document"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "doc_type", "notice_key", "version", name="one_version_each"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    notice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("supervision_notice.id"), index=True)
    notice_key: Mapped[int] = mapped_column(default=0)  # the notice's id, 0 when none (part of the unique key)
    doc_type: Mapped[str] = mapped_column(sa.String(32))
    title: Mapped[str] = mapped_column(sa.String(100))
    number: Mapped[str] = mapped_column(sa.String(100))  # 文号
    version: Mapped[int] = mapped_column(default=1)
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("issued_document.id"))
    correction_reason: Mapped[str] = mapped_column(sa.Text, default="")
    html: Mapped[str] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)  # the plain text (what publication redacts)
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary)
    docx: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str] = mapped_column(sa.String(64))  # of the PDF
    issued_on: Mapped[datetime] = mapped_column(default=now_utc)
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    issued_by_name: Mapped[str] = mapped_column(sa.String(100))
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_event.id"))


@sa.event.listens_for(sa.orm.Session, "before_flush")
def _issued_documents_are_immutable(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, IssuedDocument) and (obj in session.deleted or session.is_modified(obj)):
            raise RuntimeError("issued documents are immutable: a correction is a new version")
