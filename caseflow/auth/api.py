"""POST /api/v1/auth/token (sign in, get a bearer token) and DELETE /api/v1/auth/token (sign out)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from caseflow.auth.access import Unauthorised, api_auth, public
from caseflow.auth.models import Role, User
from caseflow.auth.services import authenticate, issue_token, sign_out
from caseflow.extensions import db
from caseflow.schemas import ErrorSchema
from caseflow.security.throttle import throttled

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1/auth", description="Bearer tokens")


class TokenRequestSchema(Schema):
    username = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    password = fields.Str(required=True, validate=validate.Length(min=1, max=200))


class OfficeUserSchema(Schema):
    id = fields.Int()
    username = fields.Str()
    name = fields.Str()
    roles = fields.List(fields.Str())


class OfficeUserArgsSchema(Schema):
    role = fields.Str(validate=validate.OneOf([r.value for r in Role]))


class TokenSchema(Schema):
    token = fields.Str()
    token_type = fields.Str()
    expires_at = fields.DateTime()
    user = fields.Dict()


@blp.route("/token")
class Token(MethodView):
    @public
    @throttled
    @blp.arguments(TokenRequestSchema)
    @blp.response(201, TokenSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="wrong username or password, or account locked")
    @blp.alt_response(429, schema=ErrorSchema, description="too many failed sign-ins from this address or for "
                                                            "this name: wait and retry (Retry-After)")
    def post(self, body):
        """Exchange a username and password for a bearer token."""
        user = authenticate(body["username"], body["password"])
        db.session.commit()  # the sign-in or the failure (it drives the lockout), and its log entry
        if user is None:
            raise Unauthorised("wrong username or password, or the account is locked")
        token, row = issue_token(user)
        db.session.commit()
        return {"token": token, "token_type": "Bearer", "expires_at": row.expires_at,
                "user": {"id": user.id, "username": user.username, "name": user.display_name,
                         "roles": sorted(user.roles), "office": user.office.name}}

    @api_auth(scope="self")
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="no valid token")
    @blp.doc(security=[{"bearerAuth": []}])
    def delete(self):
        """Sign out: revoke every token of your account and end its web sessions."""
        sign_out(g.user)
        db.session.commit()


users_blp = Blueprint("users_api", __name__, url_prefix="/api/v1/users", description="People of your office")


@users_blp.route("")
class OfficeUsers(MethodView):
    @api_auth(scope="own-office")
    @users_blp.arguments(OfficeUserArgsSchema, location="query")
    @users_blp.response(200, OfficeUserSchema(many=True))
    @users_blp.alt_response(401, schema=ErrorSchema)
    @users_blp.alt_response(422, schema=ErrorSchema)
    @users_blp.doc(security=[{"bearerAuth": []}])
    def get(self, args):
        """Active users of your office (e.g. to pick an approver_id or a handler_id), optionally by role."""
        users = db.session.scalars(sa.select(User).where(User.office_id == g.user.office_id, User.active)
                                   .order_by(User.display_name)).all()
        return [{"id": u.id, "username": u.username, "name": u.display_name, "roles": sorted(u.roles)}
                for u in users if not args.get("role") or u.has_role(args["role"])]
