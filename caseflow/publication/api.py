"""/api/v1/public: the published decisions as JSON, without sign-in; reads only the published copies."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from caseflow.auth.access import public
from caseflow.errors import NotFound
from caseflow.publication import queries
from caseflow.schemas import ErrorSchema

blp = Blueprint("public_api", __name__, url_prefix="/api/v1/public",
                description="Published decisions (决定书网上公开), redacted; no sign-in")


class PublicQuerySchema(Schema):
    year = fields.Integer(validate=validate.Range(min=2000, max=2100))
    agency = fields.String(validate=validate.Length(max=100))
    field = fields.String(validate=validate.Length(max=32))
    decision_type = fields.String(validate=validate.Length(max=32))
    q = fields.String(validate=validate.Length(max=100))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10000))


class PublishedSummarySchema(Schema):
    id = fields.Integer()
    docket_number = fields.String()
    document_number = fields.String()
    title = fields.String()
    office_name = fields.String()
    agency_name = fields.String()
    field = fields.String()
    decision_type = fields.String()
    decision_type_title = fields.String()
    year = fields.Integer()
    decided_on = fields.Date()
    published_on = fields.Date()


class PublishedSchema(PublishedSummarySchema):
    body = fields.String(metadata={"description": "the redacted text"})


class PublishedPageSchema(Schema):
    total = fields.Integer()
    page = fields.Integer()
    items = fields.List(fields.Nested(PublishedSummarySchema))


@blp.after_request
def cacheable(response):
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@blp.route("/decisions")
class PublicDecisions(MethodView):
    @public
    @blp.arguments(PublicQuerySchema, location="query")
    @blp.response(200, PublishedPageSchema)
    @blp.alt_response(422, schema=ErrorSchema)
    def get(self, args):
        """Published decisions, newest first; filter by year, agency (part of the name), field, decision_type, q."""
        page = args.pop("page")
        rows, total = queries.published(**args, page=page)
        return {"total": total, "page": page, "items": rows}


@blp.route("/decisions/<int:published_id>")
class PublicDecision(MethodView):
    @public
    @blp.response(200, PublishedSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    def get(self, published_id):
        """One published decision with its redacted text (404 once withdrawn)."""
        row = queries.one(published_id)
        if row is None:
            raise NotFound(f"published decision {published_id} not found")
        return row
