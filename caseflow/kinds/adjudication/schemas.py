"""Administrative adjudication's API schemas: the registration body and the fields it adds to a case's views."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from caseflow.cases.schemas import AgentInSchema, ContactPartyInSchema, KindCreateSchema, PartyInSchema
from caseflow.kinds.adjudication.models import PROFILES
from caseflow.settlement.schemas import SettlementViewSchema


class AdjudicationCreateSchema(KindCreateSchema):
    """Apply for an administrative adjudication of a civil dispute (legal-reference §3)."""

    profile = fields.Str(required=True, validate=validate.OneOf(list(PROFILES)),
                         metadata={"description": "the sub-kind: land, forest, patent or procurement"})
    subject = fields.Str(required=True, validate=validate.Length(min=1, max=4000))
    reference_number = fields.Str(load_default=None, validate=validate.Length(max=100))
    request = fields.Str(required=True, validate=validate.Length(min=1, max=4000))
    facts_and_reasons = fields.Str(load_default="", validate=validate.Length(max=20000))
    amount = fields.Decimal(load_default=None, places=2, validate=validate.Range(min=0, max=10**13))
    applicants = fields.List(fields.Nested(PartyInSchema), required=True, validate=validate.Length(min=1, max=50))
    respondents = fields.List(fields.Nested(ContactPartyInSchema), required=True,
                              validate=validate.Length(min=1, max=50))
    agent = fields.Nested(AgentInSchema, load_default=None)
    third_parties = fields.List(fields.Nested(ContactPartyInSchema), load_default=list)


class AdjudicationSummarySchema(Schema):
    profile = fields.Str(metadata={"description": "adjudication: land, forest, patent or procurement"})
    outcome = fields.Str(allow_none=True)


class AdjudicationDetailSchema(AdjudicationSummarySchema, SettlementViewSchema):
    subject = fields.Str()
    reference_number = fields.Str(allow_none=True)
    request = fields.Str()
    facts_and_reasons = fields.Str()
    amount = fields.Decimal(as_string=True, allow_none=True)
    accepted_on = fields.Date(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    ruling_summary = fields.Str(allow_none=True)
    performance_due_on = fields.Date(allow_none=True)
    served_on = fields.Date(allow_none=True)
    finalised_on = fields.Date(allow_none=True)
    non_performance_on = fields.Date(allow_none=True, metadata={"description": "the ruling not performed in time"})
    challenge_forum = fields.Str(allow_none=True)
    challenge_reference = fields.Str(allow_none=True)
    enforcement_court = fields.Str(allow_none=True)
    referred_to = fields.Str(allow_none=True)
