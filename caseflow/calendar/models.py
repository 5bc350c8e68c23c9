"""The official calendar as data an administrator maintains (legal-reference §5.3)."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.clock import now_utc
from caseflow.extensions import db


class CalendarDay(db.Model):
    __tablename__ = "calendar_day"
    __table_args__ = (
        sa.CheckConstraint("day_type IN ('workday', 'weekend', 'holiday', 'makeup_workday')", name="day_type_known"),
    )

    day: Mapped[date] = mapped_column(primary_key=True)
    day_type: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str | None] = mapped_column(sa.String(64))
    official: Mapped[bool]  # covered by an official State Council notice
    source: Mapped[str] = mapped_column(sa.String(200))
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_by: Mapped[str | None] = mapped_column(sa.String(64))


class CalendarYear(db.Model):
    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(sa.String(16))  # official | provisional
    source: Mapped[str] = mapped_column(sa.String(200))
    notice: Mapped[str | None] = mapped_column(sa.String(200))  # e.g. 国办发明电〔2025〕7号
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_by: Mapped[str | None] = mapped_column(sa.String(64))
