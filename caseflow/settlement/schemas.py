"""Schemas of the mediation records: what a transition's effect loads, and what a case's view shows."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from caseflow.settlement.models import ATTENDEE_CAPACITIES, CONTENT_TYPES, PERFORMANCE_STATUSES, SessionMode

METHODS = ["written", "oral", "electronic"]
METHOD_LABELS = {"written": ("书面", "In writing"), "oral": ("口头", "Orally"), "electronic": ("电子", "Electronically")}
FOLLOW_UP_METHODS = {"visit": ("上门回访", "Visit"), "phone": ("电话回访", "Phone"), "other": ("其他", "Other")}


def _text(max_length: int, required: bool = True):
    if required:
        return fields.Str(required=True, validate=validate.Length(min=1, max=max_length))
    return fields.Str(load_default="", validate=validate.Length(max=max_length))


# --- effect inputs ---------------------------------------------------------------------------------------------
class ConsentInSchema(Schema):
    party_id = fields.Int(load_default=None)
    party_name = fields.Str(load_default=None, validate=validate.Length(max=200))
    consented = fields.Bool(required=True)
    method = fields.Str(required=True, validate=validate.OneOf(METHODS))
    given_on = fields.Date(required=True)

    @validates_schema
    def names_someone(self, data, **kwargs):
        if data.get("party_id") is None and not (data.get("party_name") or "").strip():
            raise ValidationError("请选择当事人或填写名称 (a party or a name)", field_name="party_id")


class ConsentsSchema(Schema):
    consents = fields.List(fields.Nested(ConsentInSchema), required=True, validate=validate.Length(min=1, max=50))


class CoMediatorsSchema(Schema):
    co_mediator_ids = fields.List(fields.Int(), load_default=list, validate=validate.Length(max=5))


class AttendeeSchema(Schema):
    name = _text(100)
    capacity = fields.Str(required=True, validate=validate.OneOf(list(ATTENDEE_CAPACITIES)))
    party_id = fields.Int(load_default=None)


class PositionSchema(Schema):
    side = _text(200)  # whose position: a party's name, or 申请人/被申请人
    position = _text(4000)


class SessionInSchema(Schema):
    held_on = fields.Date(required=True)
    starts_at = fields.Time(required=True, format="%H:%M")
    duration_minutes = fields.Int(required=True, validate=validate.Range(min=1, max=24 * 60))
    mode = fields.Str(required=True, validate=validate.OneOf([m.value for m in SessionMode]))
    place = _text(200, required=False)
    attendees = fields.List(fields.Nested(AttendeeSchema), required=True, validate=validate.Length(min=1, max=50))
    issues = _text(4000)
    positions = fields.List(fields.Nested(PositionSchema), required=True, validate=validate.Length(min=1, max=20))
    proposal = _text(4000, required=False)
    next_step = _text(2000, required=False)

    @validates_schema(skip_on_field_errors=False)
    def place_of_a_meeting(self, data, **kwargs):
        if data.get("mode") == SessionMode.IN_PERSON.value and not (data.get("place") or "").strip():
            raise ValidationError("现场调解须填写地点 (place required)", field_name="place")


class SessionCorrectionSchema(SessionInSchema):
    session_number = fields.Int(required=True, validate=validate.Range(min=1))
    correction_reason = _text(2000)


class TermInSchema(Schema):
    obligor = _text(200)  # 义务人
    obligee = _text(200)  # 权利人
    content_type = fields.Str(required=True, validate=validate.OneOf(list(CONTENT_TYPES)))
    content = _text(2000)
    amount = fields.Decimal(load_default=None, places=2, validate=validate.Range(min=0, max=10**12),
                            as_string=True)
    due_on = fields.Date(required=True)

    @validates_schema
    def a_payment_has_an_amount(self, data, **kwargs):
        if data.get("content_type") == "payment" and data.get("amount") is None:
            raise ValidationError("给付金钱的条款须填写金额 (amount required)", field_name="amount")


class AgreementInSchema(Schema):
    form = fields.Str(load_default="written", validate=validate.OneOf(["written", "oral"]))
    summary = _text(8000, required=False)
    terms = fields.List(fields.Nested(TermInSchema), required=True,
                        validate=validate.Length(min=1, max=50, error="协议须至少有一项条款 (at least one term)"))


class PerformanceInSchema(Schema):
    term_id = fields.Int(required=True)
    status = fields.Str(required=True, validate=validate.OneOf(list(PERFORMANCE_STATUSES)))
    note = _text(2000, required=False)


class PerformancesSchema(Schema):
    performances = fields.List(fields.Nested(PerformanceInSchema), required=True,
                               validate=validate.Length(min=1, max=50))


class FollowUpInSchema(Schema):
    visited_on = fields.Date(required=True)
    method = fields.Str(required=True, validate=validate.OneOf(list(FOLLOW_UP_METHODS)))
    result = _text(4000)


# --- views -----------------------------------------------------------------------------------------------------
class ConsentSchema(Schema):
    party_name = fields.Str()
    purpose = fields.Str()
    consented = fields.Bool()
    method = fields.Str()
    given_on = fields.Date()


class AssignmentSchema(Schema):
    user = fields.Str()
    duty = fields.Str()
    started_on = fields.Date()
    ended_on = fields.Date(allow_none=True)
    end_reason = fields.Str(allow_none=True)


class SessionSchema(Schema):
    number = fields.Int()
    version = fields.Int()
    held_at = fields.DateTime()
    duration_minutes = fields.Int()
    mode = fields.Str()
    place = fields.Str()
    attendees = fields.List(fields.Dict())
    issues = fields.Str()
    positions = fields.List(fields.Dict())
    proposal = fields.Str()
    next_step = fields.Str()
    correction_reason = fields.Str()
    recorded_by = fields.Str(allow_none=True)
    recorded_at = fields.DateTime()
    earlier_versions = fields.Int(metadata={"description": "how many corrected versions of this session are kept"})


class TermSchema(Schema):
    id = fields.Int()
    seq = fields.Int()
    obligor = fields.Str()
    obligee = fields.Str()
    content_type = fields.Str()
    content = fields.Str()
    amount = fields.Decimal(as_string=True, allow_none=True)
    due_on = fields.Date()
    status = fields.Str(metadata={"description": "pending, performed, partly, not_performed, or breached: its "
                                                 "date passed unperformed"})


class AgreementSchema(Schema):
    effective_on = fields.Date()
    form = fields.Str()
    summary = fields.Str()
    terms = fields.List(fields.Nested(TermSchema))


class FollowUpSchema(Schema):
    visited_on = fields.Date()
    method = fields.Str()
    result = fields.Str()


class SettlementViewSchema(Schema):
    """What the mediation records add to a case's view."""

    consents = fields.List(fields.Nested(ConsentSchema))
    mediators = fields.List(fields.Nested(AssignmentSchema))
    sessions = fields.List(fields.Nested(SessionSchema))
    agreement = fields.Nested(AgreementSchema, allow_none=True)
    follow_ups = fields.List(fields.Nested(FollowUpSchema))
