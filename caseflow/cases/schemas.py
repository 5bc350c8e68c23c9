"""API schemas for the case core: one per resource and direction. Shape checks here; legal rules in services.
Each kind adds its own (caseflow/kinds/<kind>/schemas.py)."""
from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import (
    INCLUDE,
    Schema,
    ValidationError,
    fields,
    post_dump,
    post_load,
    pre_load,
    validate,
    validates_schema,
)

from caseflow.cases.kinds import all_kinds
from caseflow.cases.validators import check_credit_code, check_phone, check_resident_id
from caseflow.schemas import Date, ErrorSchema, Id  # noqa: F401  (ErrorSchema re-exported for the case API)
from caseflow.serving.schemas import ServiceRecordSchema


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
        if not isinstance(data, dict):
            return data  # marshmallow answers "invalid input type" for it
        data = dict(data)
        for key in ("id_number", "credit_code"):
            if isinstance(data.get(key), str):
                data[key] = data[key].strip().upper() or None
        return data

    @validates_schema
    def check_identity(self, data, **kwargs):
        errors = {}
        if data["kind"] == "natural_person":
            if data.get("legal_representative"):  # an organisation's; a person acts for themself or by an agent
                errors["legal_representative"] = ["自然人没有法定代表人：委托他人的，请填写委托代理人"]
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


class ContactPartyInSchema(PartyInSchema):
    """The other side of a dispute: its identity number may not be known when the case is registered; what is
    given is still checked."""

    @validates_schema
    def check_identity(self, data, **kwargs):
        errors = {}
        if data.get("id_number") and (problem := check_resident_id(data["id_number"])):
            errors["id_number"] = [problem]
        if data.get("credit_code") and (problem := check_credit_code(data["credit_code"])):
            errors["credit_code"] = [problem]
        if data.get("phone") and (problem := check_phone(data["phone"])):
            errors["phone"] = [problem]
        if errors:
            raise ValidationError(errors)


class AgentInSchema(PartyInSchema):
    """An agent may be a lawyer without the applicant's kind of identity; same checks apply to what is given."""


class CaseCreateSchema(Schema):
    """POST /api/v1/cases: `kind` picks the kind (default: the DEFAULT_CASE_KIND setting), whose own schema
    (CaseKind.create_schema) then loads the body. The OpenAPI document lists each kind's body."""

    class Meta:
        unknown = INCLUDE

    kind = fields.Str(load_default=None, metadata={"description": "the kind of case; see GET /api/v1/cases/kinds"})

    @post_load
    def load_kind(self, data, **kwargs):
        from flask import current_app

        name = data.pop("kind", None) or current_app.config["DEFAULT_CASE_KIND"]
        kind = all_kinds().get(name)
        if kind is None:
            raise ValidationError({"kind": [f"没有名为 {name} 的案件类型 (unknown kind)"]})
        return {**kind.create_schema().load(data), "kind": kind.name}


class KindCreateSchema(Schema):
    """The part of every kind's registration body that the engine reads."""

    kind = fields.Str(metadata={"description": "the kind of case"})
    received_on = Date(required=True)
    handler_id = Id(load_default=None)


class CaseQueryArgsSchema(Schema):
    kind = fields.Str(metadata={"description": "one kind of case"})
    state = fields.List(fields.Str(), metadata={"description": "one or more states"})
    agency_id = Id(metadata={"description": "cases concerning this agency of the registry (e.g. as the respondent)"})
    handler_id = Id()
    overdue = fields.Bool(metadata={"description": "only cases with an open deadline past its due date"})
    archived = fields.Bool(metadata={"description": "only archived (归档) cases, or (false) only those not archived"})
    q = fields.Str(validate=validate.Length(max=100), metadata={"description": "docket number, party name or text"})
    received_from = Date()
    received_to = Date()
    sort = fields.Str(load_default="-received_on", validate=validate.OneOf(
        ["received_on", "-received_on", "next_due_on", "-next_due_on", "docket_number", "-docket_number"]))

    @validates_schema
    def check_range(self, data, **kwargs):
        if data.get("received_from") and data.get("received_to") and data["received_to"] < data["received_from"]:
            raise ValidationError({"received_to": [_("结束日期不能早于开始日期")]})


class CaseListArgsSchema(CaseQueryArgsSchema):
    """The API list, a page at a time without counting: the first page, then each next one by its keyset
    (`cursor`, from the X-Next-Cursor header of the page before). The total only when asked (`count=true`)."""

    cursor = fields.Str(validate=validate.Length(max=200), metadata={
        "description": "continue after the last row of the previous page (its X-Next-Cursor header)"})
    page = fields.Int(load_default=None, validate=validate.Range(min=1), metadata={
        "description": "a numbered page (skips (page - 1) x page_size rows: costs grow with the page; prefer "
                       "`cursor`); not with `cursor`"})
    page_size = fields.Int(load_default=10, validate=validate.Range(min=1, max=100))
    count = fields.Bool(load_default=False, metadata={
        "description": "also count every matching case (X-Pagination: total, total_pages, page ...): a count over "
                       "the whole office's cases, so only when asked"})

    @validates_schema
    def check_pages(self, data, **kwargs):
        if data.get("cursor") and data.get("page"):
            raise ValidationError({"page": ["page 与 cursor 不能同时使用 (either page or cursor)"]})


class TransitionRequestSchema(Schema):
    transition = fields.Str(required=True, validate=validate.Length(min=1, max=48))
    on = Date(load_default=None, metadata={"description": "effective date; default today (Asia/Shanghai)"})
    version = Id(required=True, metadata={"description": "the case version the caller acted on"})
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
    masked = fields.Bool(metadata={"description": "ID number, phone and address are masked (3201**********2312); "
                                                  "POST .../parties/{party_id}/reveal shows them to the case's "
                                                  "handlers, and records that it did"})


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


class ServesInfoSchema(Schema):
    document = fields.Str()
    title = fields.Str()
    addressees = fields.List(fields.Str(), metadata={"description": "who the document goes to: give `data.service` "
                                                                      "(one way for all) or `data.services`"})


class ApprovalRoleSchema(Schema):
    role = fields.Str()
    title = fields.Str()


class ApprovalInfoSchema(Schema):
    by = fields.List(fields.Nested(ApprovalRoleSchema), metadata={"description": "who approves, in turn"})
    effective = fields.Str(metadata={"description": "approval: effective on the day of the last approval; "
                                                    "proposal: on the day the proposer gave"})
    effective_title = fields.Str()


class TransitionInfoSchema(Schema):
    name = fields.Str()
    title = fields.Str()
    basis = fields.Str()
    to = fields.Str()
    approval = fields.Nested(ApprovalInfoSchema, allow_none=True, metadata={
        "description": "set when the action is proposed for approval (POST /api/v1/approvals), not applied"})
    reason_required = fields.Bool()
    serves = fields.Nested(ServesInfoSchema, allow_none=True, metadata={"description": "the document it serves"})
    fields = fields.List(fields.Nested(FieldInfoSchema))  # (shadows the module name: keep it last)


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
    awaiting_receipt = fields.Bool(metadata={"description": "counted from a receipt not yet recorded: the start is "
                                                            "presumed from the sending date"})
    overdue = fields.Bool()
    closed_on = fields.Date(allow_none=True)
    pauses = fields.List(fields.Nested(PauseSchema))
    extensions = fields.List(fields.Nested(ExtensionSchema))
    explanation = fields.List(fields.Str())


class CaseSummarySchema(Schema):
    """A row of a case list: the core fields, then the fields the case's kind adds (CaseKind.summary_schema)."""

    KIND_PART = "summary_schema"

    id = fields.Int()
    kind = fields.Str()
    kind_title = fields.Str()
    docket_number = fields.Str()
    state = fields.Str()
    state_title = fields.Str()
    version = fields.Int()
    received_on = fields.Date()
    closed_on = fields.Date(allow_none=True, metadata={"description": "the day the case reached a final state"})
    applicants = fields.List(fields.Str())
    respondent = fields.Str(metadata={"description": "who the case is against: an agency, or the other party"})
    handler = fields.Nested(RefSchema, allow_none=True)
    next_due_on = fields.Date(allow_none=True, metadata={
        "description": "due date of the earliest running deadline someone must act within"})
    next_due_rule = fields.Str(allow_none=True, metadata={"description": "the rule of that deadline (which one)"})
    next_due_provisional = fields.Bool(metadata={"description": "that date is provisional"})
    overdue = fields.Bool(metadata={"description": "next_due_on is before today"})
    provisional = fields.Bool(metadata={"description": "an open deadline of the case has a provisional date"})
    archived = fields.Bool(metadata={"description": "archived (归档): read-only, every change is refused (409)"})

    @post_dump(pass_original=True)
    def add_kind_fields(self, data, original, **kwargs):
        kind = all_kinds().get(original["kind"])
        if kind is not None:
            data.update(_kind_schema(kind, self.KIND_PART).dump(original))
        return data


_KIND_SCHEMAS: dict = {}


def _kind_schema(kind, part: str):
    """One instance of a kind's summary or detail schema, reused for every row (building a schema copies its
    fields: it was a tenth of a list page's time)."""
    key = (kind.name, part, getattr(kind, part))
    found = _KIND_SCHEMAS.get(key)
    if found is None:
        found = _KIND_SCHEMAS[key] = getattr(kind, part)()
    return found


class CaseSchema(CaseSummarySchema):
    """One case: the core, its deadlines and the actions open to you, then its kind's fields
    (CaseKind.detail_schema)."""

    KIND_PART = "detail_schema"

    parties = fields.List(fields.Nested(PartySchema))
    deadlines = fields.List(fields.Nested(DeadlineSchema))
    services = fields.List(fields.Nested(ServiceRecordSchema), metadata={"description": "documents served (送达)"})
    allowed_transitions = fields.List(fields.Nested(TransitionInfoSchema))
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    archived_at = fields.DateTime(allow_none=True, metadata={"description": "when it was archived (归档)"})
    archived_by = fields.Str(allow_none=True, metadata={"description": "who archived it"})
    archive_reason = fields.Str(allow_none=True)


class StateInfoSchema(Schema):
    name = fields.Str()
    title = fields.Str()
    final = fields.Bool()


class KindInfoSchema(Schema):
    name = fields.Str()
    title = fields.Str()
    register_roles = fields.List(fields.Str())
    create_schema = fields.Str(metadata={"description": "the OpenAPI component that registers a case of this kind"})
    states = fields.List(fields.Nested(StateInfoSchema))


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
