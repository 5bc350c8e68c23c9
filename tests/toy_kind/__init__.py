"""A made-up kind of case (a petition to a township), to prove that adding a kind takes its package, its
workflow file and one registry entry, and nothing else (tests/test_kind_neutral.py)."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from marshmallow import Schema, fields, validate
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.cases.kinds import CaseKind, Effect
from caseflow.cases.models import Case, Party
from caseflow.cases.schemas import KindCreateSchema, PartyInSchema
from caseflow.extensions import db


class PetitionCase(Case):
    __tablename__ = "toy_petition_case"

    id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), primary_key=True)
    subject: Mapped[str] = mapped_column(sa.String(200))
    answered_on: Mapped[date | None]

    __mapper_args__ = {"polymorphic_identity": "petition", "polymorphic_load": "selectin"}


class PetitionNote(db.Model):
    __tablename__ = "toy_petition_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("toy_petition_case.id"))
    text: Mapped[str] = mapped_column(sa.Text)


class PetitionCreateSchema(KindCreateSchema):
    subject = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    petitioners = fields.List(fields.Nested(PartyInSchema), required=True, validate=validate.Length(min=1))


class PetitionSummarySchema(Schema):
    subject = fields.Str()


class PetitionDetailSchema(PetitionSummarySchema):
    answered_on = fields.Date(allow_none=True)


class NoteSchema(Schema):
    notes = fields.List(fields.Str(validate=validate.Length(min=1)), required=True, validate=validate.Length(min=1))


def add_notes(case, data, event, actor, on):
    for text in data["notes"]:
        db.session.add(PetitionNote(case_id=case.id, text=text))


class Petition(CaseKind):
    def build_case(self, data, actor):
        case = PetitionCase(subject=data["subject"])
        case.parties.extend(Party(role="applicant", **p) for p in data["petitioners"])
        return case

    def summary(self, case, lang):
        return {"subject": case.subject}

    def detail(self, case, lang):
        return {"subject": case.subject, "answered_on": case.answered_on}

    def seed_demo(self, context):
        return None


KIND = Petition(
    name="petition", title="信访事项", title_en="Petition", model=PetitionCase,
    create_schema=PetitionCreateSchema, detail_schema=PetitionDetailSchema, summary_schema=PetitionSummarySchema,
    register_roles=frozenset({"clerk"}), party_roles={"applicant": ("信访人", "Petitioner")},
    effects={"add_notes": Effect("add_notes", NoteSchema, add_notes)},
)
