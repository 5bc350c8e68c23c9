"""Bodies of the archive endpoint."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from caseflow.cases.schemas import CaseSchema, EventSchema


class ArchiveRequestSchema(Schema):
    version = fields.Int(required=True, metadata={"description": "the case version you saw (409 if it changed)"})
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=2000),
                        metadata={"description": "why it is archived (归档说明)"})


class ArchiveResultSchema(Schema):
    case = fields.Nested(CaseSchema)
    event = fields.Nested(EventSchema)
