"""Tables of the mediation records. Rows are appended, never changed: a corrected session is a new version
that supersedes the old one, and the old one is kept."""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.cases.models import JSONType
from caseflow.clock import now_utc
from caseflow.extensions import db


class SessionMode(str, enum.Enum):
    IN_PERSON = "in_person"
    REMOTE = "remote"  # video
    PHONE = "phone"


SESSION_MODE_LABELS = {SessionMode.IN_PERSON: ("现场", "In person"), SessionMode.REMOTE: ("视频", "Video"),
                       SessionMode.PHONE: ("电话", "Phone")}

ATTENDEE_CAPACITIES = {
    "party": ("当事人", "Party"), "agent": ("代理人", "Agent"), "mediator": ("调解员", "Mediator"),
    "agency": ("行政机关代表", "Agency representative"), "other": ("其他", "Other"),
}

CONTENT_TYPES = {"payment": ("给付金钱", "Payment"), "act": ("作为或不作为", "An act"), "other": ("其他", "Other")}

PERFORMANCE_STATUSES = {"performed": ("已履行", "Performed"), "partly": ("部分履行", "Partly performed"),
                        "not_performed": ("未履行", "Not performed")}


class PartyConsent(db.Model):
    """A party's consent (or refusal) to mediate (PML Arts. 17, 23; ARL Art. 5: mediation is voluntary)."""

    __tablename__ = "party_consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    party_id: Mapped[int | None] = mapped_column(sa.ForeignKey("party.id"))  # None: an agency, by name
    party_name: Mapped[str] = mapped_column(sa.String(200))
    purpose: Mapped[str] = mapped_column(sa.String(16))  # mediate | extend (an extension of the time limit)
    consented: Mapped[bool]
    method: Mapped[str] = mapped_column(sa.String(16))  # written | oral | electronic
    given_on: Mapped[date]
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("case_event.id"))


class MediationSession(db.Model):
    """One session of the mediation log (调解笔录): when, where, who, the points in dispute, each side's
    position, the mediator's proposal and the next step."""

    __tablename__ = "mediation_session"
    __table_args__ = (sa.UniqueConstraint("case_id", "number", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    number: Mapped[int]  # 1, 2, ... per case
    version: Mapped[int] = mapped_column(default=1)  # a correction is the next version; the newest one stands
    held_at: Mapped[datetime]
    duration_minutes: Mapped[int]
    mode: Mapped[str] = mapped_column(sa.String(16))
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    attendees: Mapped[list] = mapped_column(JSONType)  # [{name, capacity, party_id}]
    issues: Mapped[str] = mapped_column(sa.Text)  # 争议焦点
    positions: Mapped[list] = mapped_column(JSONType)  # [{side, position}]
    proposal: Mapped[str] = mapped_column(sa.Text, default="")  # the mediator's proposal
    next_step: Mapped[str] = mapped_column(sa.Text, default="")
    correction_reason: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=now_utc)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("case_event.id"))

    recorded_by: Mapped[User | None] = relationship()


class Agreement(db.Model):
    """A mediation agreement (调解协议书) or a reconsideration mediation document (调解书), with its terms."""

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    effective_on: Mapped[date]  # signed by every party and sealed
    form: Mapped[str] = mapped_column(sa.String(16))  # written | oral
    summary: Mapped[str] = mapped_column(sa.Text, default="")  # facts and the result, as the document states them
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("case_event.id"))

    terms: Mapped[list[AgreementTerm]] = relationship(order_by="AgreementTerm.seq", lazy="selectin")


class AgreementTerm(db.Model):
    """One obligation of an agreement: who owes whom what, by when. Its due date is a deadline of the case."""

    __tablename__ = "agreement_term"
    __table_args__ = (sa.UniqueConstraint("agreement_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id"), index=True)
    seq: Mapped[int]
    obligor: Mapped[str] = mapped_column(sa.String(200))
    obligee: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(16))
    content: Mapped[str] = mapped_column(sa.Text)
    amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    due_on: Mapped[date]
    deadline_id: Mapped[int | None] = mapped_column(sa.ForeignKey("deadline.id"))

    performances: Mapped[list[TermPerformance]] = relationship(order_by="TermPerformance.id", lazy="selectin")

    @property
    def latest(self) -> TermPerformance | None:
        return self.performances[-1] if self.performances else None

    def status(self, today: date) -> str:
        """performed, partly, not_performed as last recorded; breached once its date passed unperformed."""
        recorded = self.latest.status if self.latest else "pending"
        if recorded != "performed" and self.due_on < today:
            return "breached"
        return recorded


class TermPerformance(db.Model):
    """What a follow-up found of one term: performed, partly, not performed (PML Art. 31)."""

    __tablename__ = "term_performance"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement_term.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16))
    on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("case_event.id"))


class FollowUp(db.Model):
    """A follow-up visit (回访): when, how, what was found."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    visited_on: Mapped[date]
    method: Mapped[str] = mapped_column(sa.String(16))  # visit | phone | other
    result: Mapped[str] = mapped_column(sa.Text)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("case_event.id"))
