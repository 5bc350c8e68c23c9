"""Administrative mediation's API schemas: the registration body and the fields it adds to a case's views."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from caseflow.cases.schemas import AgentInSchema, ContactPartyInSchema, KindCreateSchema, PartyInSchema, RefSchema
from caseflow.kinds.mediation.models import DISPUTE_CATEGORIES, SOURCES
from caseflow.schemas import Id
from caseflow.settlement.schemas import SettlementViewSchema


class MediationCreateSchema(KindCreateSchema):
    """Register a request for administrative mediation (legal-reference §2.2, §2.5)."""

    source = fields.Str(required=True, validate=validate.OneOf(list(SOURCES)))
    source_body = fields.Str(load_default=None, validate=validate.Length(max=200))
    source_reference = fields.Str(load_default=None, validate=validate.Length(max=100))
    linked_case_id = Id(load_default=None)
    dispute_category = fields.Str(required=True, validate=validate.OneOf(list(DISPUTE_CATEGORIES)))
    dispute_summary = fields.Str(required=True, validate=validate.Length(min=1, max=8000))
    request = fields.Str(required=True, validate=validate.Length(min=1, max=4000))
    amount_in_dispute = fields.Decimal(load_default=None, places=2, validate=validate.Range(min=0, max=10**12))
    persons_involved = fields.Int(load_default=None, validate=validate.Range(min=1, max=100000))
    applicants = fields.List(fields.Nested(PartyInSchema), required=True, validate=validate.Length(min=1, max=50))
    respondents = fields.List(fields.Nested(ContactPartyInSchema), required=True,
                              validate=validate.Length(min=1, max=50))
    agent = fields.Nested(AgentInSchema, load_default=None)
    third_parties = fields.List(fields.Nested(ContactPartyInSchema), load_default=list)

    @validates_schema
    def source_details(self, data, **kwargs):
        if data.get("source") == "split_from_case" and not data.get("linked_case_id"):
            raise ValidationError("分流案件须注明原案件 (the case it was split from)", field_name="linked_case_id")
        if data.get("source", "").startswith("referral") and not data.get("source_body"):
            raise ValidationError("移送案件须注明移送单位 (the referring body)", field_name="source_body")


class MediationSummarySchema(Schema):
    dispute_category = fields.Str(metadata={"description": "mediation: the dispute's category"})
    outcome = fields.Str(allow_none=True, metadata={"description": "mediation: agreement, failed, terminated, "
                                                                  "not_accepted"})


class MediationDetailSchema(MediationSummarySchema, SettlementViewSchema):
    source = fields.Str()
    source_body = fields.Str(allow_none=True)
    source_reference = fields.Str(allow_none=True)
    linked_case = fields.Nested(RefSchema, allow_none=True, metadata={"description": "the case it was split from"})
    dispute_summary = fields.Str()
    request = fields.Str()
    amount_in_dispute = fields.Decimal(as_string=True, allow_none=True)
    persons_involved = fields.Int()
    accepted_on = fields.Date(allow_none=True)
    agreement_on = fields.Date(allow_none=True)
    failure_advice = fields.Str(allow_none=True)
    termination_ground = fields.Str(allow_none=True)
    referred_to = fields.Str(allow_none=True)
    confirmation_applied_on = fields.Date(allow_none=True)
    confirmation_court = fields.Str(allow_none=True)
    confirmation_result = fields.Str(allow_none=True)
    confirmation_ruled_on = fields.Date(allow_none=True)
    confirmation_ruling = fields.Str(allow_none=True)
    duration_days = fields.Int(allow_none=True, metadata={"description": "days from receipt to the close"})
