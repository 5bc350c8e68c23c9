"""Offices (the reconsideration bodies) and the registry of respondent agencies."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.clock import now_utc
from caseflow.extensions import db


class Level(str, enum.Enum):
    TOWNSHIP = "township"
    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"
    CENTRAL = "central"


LEVEL_LABELS = {
    Level.TOWNSHIP: ("乡镇级", "Township"),
    Level.COUNTY: ("县级", "County"),
    Level.CITY: ("市级", "City"),
    Level.PROVINCE: ("省级", "Province"),
    Level.CENTRAL: ("中央", "Central"),
}

ADMINISTRATIVE_FIELDS = {
    "public_security": ("公安", "Public security"),
    "natural_resources": ("自然资源", "Natural resources"),
    "market_regulation": ("市场监管", "Market regulation"),
    "human_resources": ("人力资源和社会保障", "Human resources and social security"),
    "housing": ("住房和城乡建设", "Housing and construction"),
    "ecology": ("生态环境", "Ecology and environment"),
    "transport": ("交通运输", "Transport"),
    "urban_management": ("城市管理", "Urban management"),
    "taxation": ("税务", "Taxation"),
    "health": ("卫生健康", "Health"),
    "education": ("教育", "Education"),
    "government": ("人民政府", "People's government"),
    "other": ("其他", "Other"),
}


class Office(db.Model):
    """A reconsideration body (行政复议机构) of one government. Every case and every user belongs to one."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)  # docket prefix, e.g. "东" in 东政复〔2026〕12号
    name: Mapped[str] = mapped_column(sa.String(200))
    level: Mapped[str] = mapped_column(sa.String(16))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("office.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    parent: Mapped[Office | None] = relationship(remote_side=[id])

    def ancestors(self) -> list["Office"]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


class RespondentAgency(db.Model):
    """An administrative agency whose acts can be challenged (被申请人)."""

    __tablename__ = "respondent_agency"
    __table_args__ = (sa.UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    level: Mapped[str] = mapped_column(sa.String(16))
    field: Mapped[str] = mapped_column(sa.String(32))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    # Where documents and supervision notices go (service, the daily digest of open notices).
    address: Mapped[str | None] = mapped_column(sa.String(300))
    contact_person: Mapped[str | None] = mapped_column(sa.String(100))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    email: Mapped[str | None] = mapped_column(sa.String(200))
