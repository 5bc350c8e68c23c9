"""What a step that sends a document takes about its service, and how a service record is shown."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from caseflow.serving.models import Method

METHODS = [m.value for m in Method]


class ServiceInSchema(Schema):
    """How the document went to every addressee (sent on the step's effective date unless `sent_on` says)."""

    method = fields.Str(required=True, validate=validate.OneOf(METHODS))
    sent_on = fields.Date(load_default=None, metadata={"description": "the day it was sent; default: the step's date"})
    received_on = fields.Date(load_default=None, metadata={"description": "the day it was received, if known"})
    evidence = fields.Str(load_default=None, validate=validate.Length(max=200),
                          metadata={"description": "送达回证 number or postal tracking number"})


class ServiceEntrySchema(ServiceInSchema):
    """The same, for one addressee (when they differ)."""

    addressee = fields.Str(required=True, validate=validate.Length(min=1, max=200))


class ServiceStepSchema(Schema):
    """`data.service` (one way for all addressees) or `data.services` (one entry per addressee)."""

    service = fields.Nested(ServiceInSchema, load_default=None)
    services = fields.List(fields.Nested(ServiceEntrySchema), load_default=None, validate=validate.Length(max=50))


class ReceiptSchema(Schema):
    version = fields.Int(required=True, metadata={"description": "the case version the caller acted on"})
    received_on = fields.Date(required=True)
    evidence = fields.Str(load_default=None, validate=validate.Length(max=200))


class ServiceRecordSchema(Schema):
    id = fields.Int()
    document = fields.Str()
    document_title = fields.Str()
    addressee = fields.Str()
    addressee_role = fields.Str()
    method = fields.Str()
    sent_on = fields.Date()
    received_on = fields.Date(allow_none=True)
    evidence = fields.Str(allow_none=True)
    awaiting = fields.Bool(metadata={"description": "the receipt is not recorded yet"})
