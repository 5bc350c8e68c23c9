"""Administrative reconsideration (行政复议)'s detail: the respondent agency, the contested act, the request, the
application-period check, the procedure and the decision."""
from __future__ import annotations

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.cases.models import Case, JSONType
from caseflow.extensions import db
from caseflow.organisations.models import RespondentAgency

KIND = "reconsideration"
FAILURE_TO_ACT = "non_performance"  # the contested "act" is a failure to perform a statutory duty (ARL Art. 11)


class ReceiptChannel(str, enum.Enum):
    IN_PERSON = "in_person"
    MAIL = "mail"
    ONLINE = "online"
    VIA_PENALTY_AGENCY = "via_penalty_agency"  # ARL Art. 32
    ORAL = "oral"  # ARL Art. 22(3): recorded by the office on the spot, checked and signed by the applicant


RECEIPT_CHANNEL_LABELS = {
    ReceiptChannel.IN_PERSON: ("当面递交", "In person"),
    ReceiptChannel.MAIL: ("邮寄", "By mail"),
    ReceiptChannel.ONLINE: ("网上申请", "Online"),
    ReceiptChannel.VIA_PENALTY_AGENCY: ("经作出处罚的机关转送", "Via the penalty agency"),
    ReceiptChannel.ORAL: ("口头申请（当场记录）", "Orally (recorded on the spot)"),
}


class ReconsiderationCase(Case):
    __tablename__ = "reconsideration_case"
    __table_args__ = (sa.CheckConstraint("procedure IN ('ordinary', 'simplified')", name="procedure_known"),
                      # The statistics (caseflow/statistics): conclusions, suits and open cases of a period.
                      sa.Index("ix_reconsideration_case_concluded", "concluded_on", "outcome", "accepted_on", "settled"),
                      sa.Index("ix_reconsideration_case_suit_outcome_on", "suit_outcome_on"),
                      sa.Index("ix_reconsideration_case_sued", "concluded_on", postgresql_where=sa.text("suit_filed_on IS NOT NULL"),
                               sqlite_where=sa.text("suit_filed_on IS NOT NULL")),
                      sa.Index("ix_reconsideration_case_open", "accepted_on", postgresql_where=sa.text("concluded_on IS NULL"),
                               sqlite_where=sa.text("concluded_on IS NULL")))

    id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), primary_key=True)
    receipt_channel: Mapped[str] = mapped_column(sa.String(32))
    respondent_agency_id: Mapped[int] = mapped_column(sa.ForeignKey("respondent_agency.id"), index=True)
    request: Mapped[str] = mapped_column(sa.Text)  # 行政复议请求
    facts_and_reasons: Mapped[str] = mapped_column(sa.Text, default="")
    timeliness: Mapped[dict] = mapped_column(JSONType, default=dict)  # the Art. 20/21 check at registration
    procedure: Mapped[str] = mapped_column(sa.String(16), default="ordinary")
    accepted_on: Mapped[date | None] = mapped_column(index=True)
    # Deemed accepted because the review period ran out (ARL Art. 30(3)): counted as accepted, shown apart.
    deemed_accepted: Mapped[bool] = mapped_column(default=False)
    decided_on: Mapped[date | None]
    decision_type: Mapped[str | None] = mapped_column(sa.String(32))
    performance_days: Mapped[int | None]
    effective_on: Mapped[date | None]
    closing_ground: Mapped[str | None] = mapped_column(sa.String(32))
    no_reply: Mapped[bool] = mapped_column(default=False)
    # How and when the case was concluded (审结: a decision, a mediation document, a withdrawal or a termination),
    # or closed before acceptance (not accepted, deemed abandoned): the figures of caseflow.statistics read these
    # columns, set by the concluding transition's `sets:` in workflows/reconsideration.yaml.
    concluded_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(sa.String(32))
    settled: Mapped[bool] = mapped_column(default=False)  # withdrawn after a settlement (和解, ARL Art. 74)
    # An oral application (Art. 22(3)): the registration is the record made on the spot; the applicant checked it.
    oral_record_confirmed: Mapped[bool] = mapped_column(default=False)
    simplified_ground: Mapped[str | None] = mapped_column(sa.String(32))  # Art. 53, when simplified
    views_heard_on: Mapped[date | None]  # Art. 49: the parties heard (or could not be, for their reason)
    suit_filed_on: Mapped[date | None]  # the applicant sued (ALL Art. 45)
    suit_court: Mapped[str | None] = mapped_column(sa.String(200))
    # Litigation after reconsideration (行政应诉): the court's number, then the judgment: outcome, its day, and
    # whether the agency's person in charge appeared in court (ALL Art. 3(3); SPC 2020 rules on 负责人出庭应诉).
    suit_case_number: Mapped[str | None] = mapped_column(sa.String(100))
    suit_outcome: Mapped[str | None] = mapped_column(sa.String(16))
    suit_outcome_on: Mapped[date | None]
    suit_head_appeared: Mapped[str | None] = mapped_column(sa.String(16))  # yes | no | no_hearing
    final_on: Mapped[date | None]  # R30: final once the time to sue ran out unused
    non_performance_on: Mapped[date | None]  # R28: the performance period passed unperformed (Art. 77)

    respondent_agency: Mapped[RespondentAgency] = relationship()
    act: Mapped[ContestedAct | None] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"polymorphic_identity": KIND, "polymorphic_load": "selectin"}


class ContestedAct(db.Model):
    """The administrative act challenged (被申请行政复议的行政行为); one application per act (ARL Art. 22(4))."""

    __tablename__ = "contested_act"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("reconsideration_case.id"), primary_key=True)
    act_type: Mapped[str] = mapped_column(sa.String(32))
    description: Mapped[str] = mapped_column(sa.Text)
    document_number: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    # None for a failure to perform a statutory duty (不履行法定职责): nothing was made; its application period runs
    # from the end of the duty's time limit instead (ARL Art. 20(1), ARL-IR Art. 16).
    made_on: Mapped[date | None]
    known_on: Mapped[date]
    duty_due_on: Mapped[date | None]  # failure to act: the day the agency's time limit to perform ran out
    informed_of_right: Mapped[bool] = mapped_column(default=True)  # told of the right, organ and period (Art. 20(3))
    immovable_property: Mapped[bool] = mapped_column(default=False)  # 20-year bar (Art. 21)
    obstacle_days: Mapped[int] = mapped_column(default=0)  # time lost to force majeure (Art. 20(2))
