"""Reconsideration's API schemas: the registration body and the fields it adds to a case's views."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from caseflow.cases.schemas import AgentInSchema, KindCreateSchema, PartyInSchema, RefSchema
from caseflow.cases.validators import ACT_TYPES
from caseflow.kinds.reconsideration.models import ReceiptChannel
from caseflow.schemas import Date, Id
from caseflow.settlement.schemas import SettlementViewSchema


class ActInSchema(Schema):
    act_type = fields.Str(required=True, validate=validate.OneOf(list(ACT_TYPES)))
    description = fields.Str(required=True, validate=validate.Length(min=1, max=4000))
    document_number = fields.Str(load_default=None, validate=validate.Length(max=100))
    made_on = Date(load_default=None, allow_none=True, metadata={
        "description": "the day the act was made; required unless act_type is non_performance (a failure to "
                       "perform a statutory duty has no act date)"})
    known_on = Date(required=True)
    duty_due_on = Date(load_default=None, allow_none=True, metadata={
        "description": "act_type non_performance (required then): the day the agency's time limit to perform the "
                       "duty ran out; the application period runs from it (ARL Art. 20(1), ARL-IR Art. 16)"})
    informed_of_right = fields.Bool(load_default=True)
    right_learned_on = Date(load_default=None)
    immovable_property = fields.Bool(load_default=False)
    obstacle_days = fields.Int(load_default=0, validate=validate.Range(min=0, max=3650))


class ReconsiderationCreateSchema(KindCreateSchema):
    """Register an application for administrative reconsideration (ARL Arts. 20-22, 30)."""

    receipt_channel = fields.Str(required=True, validate=validate.OneOf([c.value for c in ReceiptChannel]))
    respondent_agency_id = Id(required=True)
    request = fields.Str(required=True, validate=validate.Length(min=1, max=4000))
    facts_and_reasons = fields.Str(load_default="", validate=validate.Length(max=20000))
    applicants = fields.List(fields.Nested(PartyInSchema), required=True, validate=validate.Length(min=1, max=50))
    agent = fields.Nested(AgentInSchema, load_default=None)
    third_parties = fields.List(fields.Nested(PartyInSchema), load_default=list)
    act = fields.Nested(ActInSchema, required=True)
    oral_record_confirmed = fields.Bool(load_default=False, metadata={
        "description": "receipt_channel oral (ARL Art. 22(3)): the record made on the spot was read back to the "
                       "applicant, who confirmed and signed it"})

    @validates_schema
    def oral_application_is_recorded(self, data, **kwargs):
        """ARL Art. 22(3): an oral application is recorded on the spot with the applicant's basic details, the
        request, the main facts and reasons and the time, and the applicant confirms the record."""
        if data.get("receipt_channel") != ReceiptChannel.ORAL.value:
            return
        errors = {}
        if not (data.get("facts_and_reasons") or "").strip():
            errors["facts_and_reasons"] = ["口头申请须当场记录申请的主要事实和理由（第二十二条第三款）"]
        if not data.get("oral_record_confirmed"):
            errors["oral_record_confirmed"] = ["口头申请笔录须经申请人核对确认（第二十二条第三款）"]
        if errors:
            raise ValidationError(errors)


class ActSchema(Schema):
    act_type = fields.Str()
    description = fields.Str()
    document_number = fields.Str(allow_none=True)
    made_on = fields.Date(allow_none=True, metadata={"description": "none for a failure to act (non_performance)"})
    known_on = fields.Date()
    duty_due_on = fields.Date(allow_none=True, metadata={"description": "failure to act: the duty's time limit ran out"})
    informed_of_right = fields.Bool()
    immovable_property = fields.Bool()
    obstacle_days = fields.Int()


class TimelinessCheckSchema(Schema):
    rule = fields.Str()
    label = fields.Str()
    label_en = fields.Str()
    start = fields.Str()
    due_on = fields.Str()
    met = fields.Bool()
    provisional = fields.Bool()
    basis = fields.Str()
    basis_en = fields.Str()
    explanation = fields.List(fields.Str())
    explanation_en = fields.List(fields.Str())


class TimelinessSchema(Schema):
    timely = fields.Bool()
    received_on = fields.Str()
    checks = fields.List(fields.Nested(TimelinessCheckSchema))


class ReconsiderationSummarySchema(Schema):
    procedure = fields.Str(metadata={"description": "reconsideration: ordinary or simplified (ARL Art. 53)"})
    respondent_agency = fields.Nested(RefSchema, metadata={"description": "reconsideration: the respondent"})


class ReconsiderationDetailSchema(ReconsiderationSummarySchema, SettlementViewSchema):
    receipt_channel = fields.Str()
    oral_record_confirmed = fields.Bool()
    simplified_ground = fields.Str(allow_none=True, metadata={"description": "the Art. 53 ground, when simplified"})
    simplified_ground_title = fields.Str(allow_none=True)
    views_heard_on = fields.Date(allow_none=True, metadata={"description": "Art. 49: the parties' views heard"})
    suit_filed_on = fields.Date(allow_none=True)
    suit_court = fields.Str(allow_none=True)
    suit_case_number = fields.Str(allow_none=True)
    suit_outcome = fields.Str(allow_none=True, metadata={"description": "dismissed, lost, withdrawn, rejected, mediated"})
    suit_outcome_on = fields.Date(allow_none=True)
    suit_head_appeared = fields.Str(allow_none=True, metadata={
        "description": "yes, no, no_hearing: the agency's person in charge in court (ALL Art. 3(3))"})
    deemed_accepted = fields.Bool(metadata={"description": "accepted by law when the review ran out (Art. 30(3))"})
    concluded_on = fields.Date(allow_none=True, metadata={"description": "审结 (or closed before acceptance)"})
    outcome = fields.Str(allow_none=True, metadata={
        "description": "the decision type, mediation, withdrawal, termination, not_accepted or deemed_abandoned"})
    settled = fields.Bool(metadata={"description": "withdrawn after a settlement (Art. 74)"})
    final_on = fields.Date(allow_none=True, metadata={"description": "R30: final once the time to sue ran out"})
    non_performance_on = fields.Date(allow_none=True, metadata={"description": "R28: not performed in time"})
    accepted_on = fields.Date(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    decision_type = fields.Str(allow_none=True)
    effective_on = fields.Date(allow_none=True)
    no_reply = fields.Bool()
    request = fields.Str()
    facts_and_reasons = fields.Str()
    act = fields.Nested(ActSchema, allow_none=True)
    timeliness = fields.Nested(TimelinessSchema)
