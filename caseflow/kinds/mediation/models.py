"""Administrative mediation (行政调解)'s detail: where the dispute came from, what it is about, and how it ended."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.cases.models import Case

KIND = "mediation"

# Where a mediation comes from (legal-reference §2.2, §2.5): a party's application, an agency's proposal with both
# parties' consent, a dispute split from a reconsideration case, or a referral under 三调联动.
SOURCES = {
    "application": ("当事人申请", "A party's application"),
    "agency_proposal": ("行政机关提议，双方同意", "Proposed by the agency, both parties agreeing"),
    "split_from_case": ("从行政复议等案件中分流", "Split from another case (e.g. a reconsideration)"),
    "referral_peoples_mediation": ("人民调解委员会移送", "Referred by a people's mediation committee"),
    "referral_court": ("人民法院委托或移送", "Referred by a court"),
}
# The fixed list of the statistics (BJMED Art. 32): every case falls in one.
DISPUTE_CATEGORIES = {
    "neighbourhood": ("邻里纠纷", "Neighbours"),
    "family": ("婚姻家庭纠纷", "Marriage and family"),
    "labour": ("劳动争议", "Labour"),
    "land_forest": ("土地山林纠纷", "Land and forest"),
    "consumer": ("消费纠纷", "Consumer"),
    "traffic": ("交通事故纠纷", "Traffic accident"),
    "medical": ("医疗纠纷", "Medical"),
    "property_management": ("物业纠纷", "Property management"),
    "expropriation": ("征收补偿纠纷", "Expropriation and compensation"),
    "other": ("其他纠纷", "Other"),
}
OUTCOMES = {"agreement": ("达成调解协议", "Agreement"), "failed": ("调解不成", "Failed"),
            "terminated": ("终止调解", "Terminated"), "not_accepted": ("不予受理", "Not accepted")}


class MediationCase(Case):
    __tablename__ = "mediation_case"
    __table_args__ = (
        sa.CheckConstraint("persons_involved >= 1", name="persons_involved_positive"),
        sa.CheckConstraint("amount_in_dispute IS NULL OR amount_in_dispute >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(32))
    source_body: Mapped[str | None] = mapped_column(sa.String(200))  # who referred it, for a referral
    source_reference: Mapped[str | None] = mapped_column(sa.String(100))  # their case number
    linked_case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case.id"))  # the case it was split from
    dispute_category: Mapped[str] = mapped_column(sa.String(32), index=True)
    dispute_summary: Mapped[str] = mapped_column(sa.Text)  # 纠纷简要情况
    request: Mapped[str] = mapped_column(sa.Text)  # 调解请求
    amount_in_dispute: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    persons_involved: Mapped[int] = mapped_column(default=2)
    accepted_on: Mapped[date | None]
    agreement_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(sa.String(16), index=True)
    failure_advice: Mapped[str | None] = mapped_column(sa.Text)  # the other routes the parties were told of
    termination_ground: Mapped[str | None] = mapped_column(sa.String(32))
    referred_to: Mapped[str | None] = mapped_column(sa.String(200))  # 三调联动: where a terminated dispute went
    confirmation_applied_on: Mapped[date | None]  # 司法确认 (PML Art. 33)
    confirmation_court: Mapped[str | None] = mapped_column(sa.String(200))
    confirmation_result: Mapped[str | None] = mapped_column(sa.String(16))
    confirmation_ruled_on: Mapped[date | None]
    confirmation_ruling: Mapped[str | None] = mapped_column(sa.String(100))

    # linked_case_id also refers to case: say which foreign key is the inheritance.
    __mapper_args__ = {"polymorphic_identity": KIND, "polymorphic_load": "selectin",
                       "inherit_condition": id == Case.id}
