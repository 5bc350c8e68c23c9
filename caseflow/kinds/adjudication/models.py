"""Administrative adjudication (行政裁决)'s detail: the dispute, its sub-kind (profile), the ruling and what
followed it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.cases.models import Case

KIND = "adjudication"

# Sub-kinds with their own procedure and clocks (legal-reference §3.2, §4.5): the workflow's `profiles`.
PROFILES = {
    "land": ("土地权属争议", "Land ownership or use rights"),
    "forest": ("林木林地权属争议", "Forest and woodland ownership"),
    "patent": ("专利侵权纠纷", "Patent infringement"),
    "procurement": ("政府采购投诉", "Government procurement complaint"),
}
# What the parties are called in each (申请人/被申请人, 请求人/被请求人, 投诉人/被投诉人).
PARTY_TITLES = {
    "land": {"applicant": ("申请人", "Applicant"), "respondent": ("被申请人", "Respondent")},
    "forest": {"applicant": ("申请人", "Applicant"), "respondent": ("被申请人", "Respondent")},
    "patent": {"applicant": ("请求人", "Requester"), "respondent": ("被请求人", "Alleged infringer")},
    "procurement": {"applicant": ("投诉人", "Complainant"), "respondent": ("被投诉人", "Complained party")},
}


class AdjudicationCase(Case):
    __tablename__ = "adjudication_case"
    __table_args__ = (
        sa.CheckConstraint("profile IN ('land', 'forest', 'patent', 'procurement')", name="profile_known"),
    )

    id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), primary_key=True)
    profile: Mapped[str] = mapped_column(sa.String(16), index=True)
    subject: Mapped[str] = mapped_column(sa.Text)  # 争议标的: the parcel, the patent, the procurement project
    reference_number: Mapped[str | None] = mapped_column(sa.String(100))  # parcel, patent or project number
    request: Mapped[str] = mapped_column(sa.Text)  # 请求事项
    facts_and_reasons: Mapped[str] = mapped_column(sa.Text, default="")
    amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))  # value in dispute, or the budget
    accepted_on: Mapped[date | None]
    decided_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    ruling_summary: Mapped[str | None] = mapped_column(sa.Text)
    performance_due_on: Mapped[date | None]  # what the ruling orders, by when
    served_on: Mapped[date | None]
    finalised_on: Mapped[date | None]  # the remedy window closed unchallenged
    non_performance_on: Mapped[date | None]  # the performance date passed with nothing recorded as performed
    challenge_forum: Mapped[str | None] = mapped_column(sa.String(16))  # suit | reconsideration
    challenge_reference: Mapped[str | None] = mapped_column(sa.String(100))
    enforcement_court: Mapped[str | None] = mapped_column(sa.String(200))
    referred_to: Mapped[str | None] = mapped_column(sa.String(200))  # not accepted: the competent authority

    __mapper_args__ = {"polymorphic_identity": KIND, "polymorphic_load": "selectin"}
