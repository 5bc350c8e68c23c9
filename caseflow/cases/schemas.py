"""API schemas for cases: one per resource and direction. Shape checks here; legal rules in services."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from caseflow.cases.models import ReceiptChannel
from caseflow.cases.validators import ACT_TYPES, check_credit_code, check_phone, check_resident_id
from caseflow.schemas import ErrorSchema  # noqa: F401  (re-exported for the case API)


class PartyInSchema(Schema):
    kind = fields.Str(required=True, validate=validate.OneOf(["natural_person", "organisation"]))
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    id_number = fields.Str(load_default=None, validate=validate.Length(equal=18))
    credit_code = fields.Str(load_default=None, validate=validate.Length(equal=18))
    legal_representative = fields.Str(load_default=None, validate=validate.Length(max=100))
    phone = fields.Str(load_default=None, validate=validate.Length(max=32))
    address = fields.Str(load_default=None, validate=validate.Length(max=300))

    @pre_load
    def normalise(self, data, **kwargs):
        data = dict(data)
        for key in ("id_number", "credit_code"):
            if isinstance(data.get(key), str):
                data[key] = data[key].strip().upper() or None
        return data

    @validates_schema
    def check_identity(self, data, **kwargs):
        errors = {}
        if data["kind"] == "natural_person":
            if not data.get("id_number"):
                errors["id_number"] = ["自然人须填写公民身份号码"]
            elif problem := check_resident_id(data["id_number"]):
                errors["id_number"] = [problem]
        else:
            if not data.get("credit_code"):
                errors["credit_code"] = ["法人或其他组织须填写统一社会信用代码"]
            elif problem := check_credit_code(data["credit_code"]):
                errors["credit_code"] = [problem]
        if data.get("phone") and (problem := check_phone(data["phone"])):
            errors["phone"] = [problem]
        if errors:
            raise ValidationError(errors)


class AgentInSchema(PartyInSchema):
    """An agent may be a lawyer without the applicant's kind of identity; same checks apply to what is given."""


class ActInSchema(Schema):
    act_type = fields.Str(required=True, validate=validate.OneOf(list(ACT_TYPES)))
    description = fields.Str(required=True, validate=validate.Length(min=1, max=4000))
    document_number = fields.Str(load_default=None, validate=validate.Length(max=100))
    made_on = fields.Date(required=True)
    known_on = fields.Date(required=True)
    informed_of_right = fields.Bool(load_default=True)
    right_learned_on = fields.Date(load_default=None)
    immovable_property = fields.Bool(load_default=False)
    obstacle_days = fields.Int(load_default=0, validate=validate.Range(min=0, max=3650))


class CaseCreateSchema(Schema):
    kind = fields.Str(load_default="reconsideration", validate=validate.OneOf(["reconsideration"]))
    received_on = fields.Date(required=True)
    receipt_channel = fields.Str(required=True, validate=validate.OneOf([c.value for c in ReceiptChannel]))
    respondent_agency_id = fields.Int(required=True)
    request = fields.Str(required=True, validate=validate.Length(min=1, max=4000))
    facts_and_reasons = fields.Str(load_default="", validate=validate.Length(max=20000))
    applicants = fields.List(fields.Nested(PartyInSchema), required=True, validate=validate.Length(min=1, max=50))
    agent = fields.Nested(AgentInSchema, load_default=None)
    third_parties = fields.List(fields.Nested(PartyInSchema), load_default=list)
    act = fields.Nested(ActInSchema, required=True)
    handler_id = fields.Int(load_default=None)


class CaseQueryArgsSchema(Schema):
    kind = fields.Str(validate=validate.OneOf(["reconsideration"]))
    state = fields.List(fields.Str(), metadata={"description": "one or more states"})
    agency_id = fields.Int()
    handler_id = fields.Int()
    overdue = fields.Bool(metadata={"description": "only cases with an open deadline past its due date"})
    q = fields.Str(validate=validate.Length(max=100), metadata={"description": "docket number, party name or text"})
    received_from = fields.Date()
    received_to = fields.Date()
    sort = fields.Str(load_default="-received_on", validate=validate.OneOf(
        ["received_on", "-received_on", "next_due_on", "-next_due_on", "docket_number", "-docket_number"]))


class TransitionRequestSchema(Schema):
    transition = fields.Str(required=True, validate=validate.Length(min=1, max=48))
    on = fields.Date(load_default=None, metadata={"description": "effective date; default today (Asia/Shanghai)"})
    version = fields.Int(required=True, metadata={"description": "the case version the caller acted on"})
    reason = fields.Str(load_default="", validate=validate.Length(max=4000))
    data = fields.Dict(load_default=dict, metadata={"description": "the fields the transition declares"})


class RefSchema(Schema):
    id = fields.Int()
    name = fields.Str()


class PartySchema(Schema):
    id = fields.Int()
    role = fields.Str()
    kind = fields.Str()
    name = fields.Str()
    id_number = fields.Str(allow_none=True)
    credit_code = fields.Str(allow_none=True)
    legal_representative = fields.Str(allow_none=True)
    phone = fields.Str(allow_none=True)
    address = fields.Str(allow_none=True)


class ActSchema(Schema):
    act_type = fields.Str()
    description = fields.Str()
    document_number = fields.Str(allow_none=True)
    made_on = fields.Date()
    known_on = fields.Date()
    informed_of_right = fields.Bool()
    immovable_property = fields.Bool()
    obstacle_days = fields.Int()


class ChoiceSchema(Schema):
    value = fields.Str()
    title = fields.Str()


class FieldInfoSchema(Schema):
    name = fields.Str()
    type = fields.Str()
    title = fields.Str()
    required = fields.Bool()
    choices = fields.List(fields.Nested(ChoiceSchema))
    min = fields.Int(allow_none=True)
    max = fields.Int(allow_none=True)


class TransitionInfoSchema(Schema):
    name = fields.Str()
    title = fields.Str()
    basis = fields.Str()
    to = fields.Str()
    approval = fields.Str(allow_none=True)
    reason_required = fields.Bool()
    fields = fields.List(fields.Nested(FieldInfoSchema))


class PauseSchema(Schema):
    paused_on = fields.Date()
    resumed_on = fields.Date(allow_none=True)
    ground = fields.Str()


class ExtensionSchema(Schema):
    days = fields.Int()
    reason = fields.Str()
    approved_by = fields.Str(allow_none=True)
    approved_on = fields.Date()


class DeadlineSchema(Schema):
    id = fields.Int()
    rule_id = fields.Str()
    responsible = fields.Str(metadata={"description": "who must act: office, respondent or applicant"})
    title = fields.Str()
    unit = fields.Str()
    count = fields.Int()
    basis = fields.Str()
    start_event = fields.Str()
    start_on = fields.Date()
    due_on = fields.Date(allow_none=True)
    nominal_on = fields.Date(allow_none=True)
    status = fields.Str()
    provisional = fields.Bool()
    overdue = fields.Bool()
    closed_on = fields.Date(allow_none=True)
    pauses = fields.List(fields.Nested(PauseSchema))
    extensions = fields.List(fields.Nested(ExtensionSchema))
    explanation = fields.List(fields.Str())


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


class CaseSummarySchema(Schema):
    id = fields.Int()
    kind = fields.Str()
    docket_number = fields.Str()
    state = fields.Str()
    state_title = fields.Str()
    procedure = fields.Str()
    version = fields.Int()
    received_on = fields.Date()
    respondent_agency = fields.Nested(RefSchema)
    applicants = fields.List(fields.Str())
    handler = fields.Nested(RefSchema, allow_none=True)
    next_due_on = fields.Date(allow_none=True)
    overdue = fields.Bool()
    provisional = fields.Bool()


class CaseSchema(CaseSummarySchema):
    receipt_channel = fields.Str()
    accepted_on = fields.Date(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    decision_type = fields.Str(allow_none=True)
    effective_on = fields.Date(allow_none=True)
    no_reply = fields.Bool()
    request = fields.Str()
    facts_and_reasons = fields.Str()
    parties = fields.List(fields.Nested(PartySchema))
    act = fields.Nested(ActSchema, allow_none=True)
    timeliness = fields.Nested(TimelinessSchema)
    deadlines = fields.List(fields.Nested(DeadlineSchema))
    allowed_transitions = fields.List(fields.Nested(TransitionInfoSchema))
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class EventSchema(Schema):
    id = fields.Int()
    seq = fields.Int()
    name = fields.Str()
    title = fields.Str()
    from_state = fields.Str(allow_none=True)
    to_state = fields.Str(allow_none=True)
    actor = fields.Str()
    approver = fields.Str(allow_none=True)
    effective_on = fields.Date()
    recorded_at = fields.DateTime()
    reason = fields.Str()
    payload = fields.Dict()


class TransitionResultSchema(Schema):
    case = fields.Nested(CaseSchema)
    event = fields.Nested(EventSchema)
