"""POST /api/v1/auth/token (sign in, get a bearer token) and DELETE /api/v1/auth/token (revoke it)."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from caseflow.auth.access import Unauthorised, api_auth, public
from caseflow.auth.services import authenticate, issue_token, revoke_token
from caseflow.schemas import ErrorSchema
from caseflow.extensions import db

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1/auth", description="Bearer tokens")


class TokenRequestSchema(Schema):
    username = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    password = fields.Str(required=True, validate=validate.Length(min=1, max=200))


class TokenSchema(Schema):
    token = fields.Str()
    token_type = fields.Str()
    expires_at = fields.DateTime()
    user = fields.Dict()


@blp.route("/token")
class Token(MethodView):
    @public
    @blp.arguments(TokenRequestSchema)
    @blp.response(201, TokenSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="wrong username or password, or account locked")
    def post(self, body):
        """Exchange a username and password for a bearer token."""
        user = authenticate(body["username"], body["password"])
        if user is None:
            db.session.commit()  # keep the failure count: it drives the lockout
            raise Unauthorised("wrong username or password, or the account is locked")
        token, row = issue_token(user)
        db.session.commit()
        return {"token": token, "token_type": "Bearer", "expires_at": row.expires_at,
                "user": {"id": user.id, "username": user.username, "name": user.display_name,
                         "roles": sorted(user.roles), "office": user.office.name}}

    @api_auth()
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="no valid token")
    @blp.doc(security=[{"bearerAuth": []}])
    def delete(self):
        """Revoke the token used for this request."""
        revoke_token(g.api_token)
        db.session.commit()
