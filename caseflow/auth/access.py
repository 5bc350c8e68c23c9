"""Route access declarations. Every route names who may use it; a test walks the URL map to prove it.

- `api_auth(*roles)`: bearer token required; if roles are given, the user must hold one of them.
- `public`: deliberately open (sign-in page, token endpoint, OpenAPI document, published material).
The web equivalents live with the web views.
"""
from __future__ import annotations

from functools import wraps

from flask import g, request

from caseflow.errors import DomainError

ACCESS_ATTR = "_caseflow_access"


class Unauthorised(DomainError):
    status = 401
    code = "unauthorised"


def declare(view, policy: str):
    setattr(view, ACCESS_ATTR, policy)
    return view


def public(view):
    return declare(view, "public")


def api_auth(*roles):
    """Require a valid bearer token (and, if given, one of `roles`); sets g.user."""
    from caseflow.auth.services import user_for_token

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            found = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
            if found is None:
                raise Unauthorised("a valid bearer token is required (POST /api/v1/auth/token)")
            g.user, g.api_token = found
            if roles and not g.user.has_role(*roles):
                from caseflow.errors import PermissionDenied

                raise PermissionDenied(f"this endpoint needs one of the roles: {', '.join(roles)}")
            return view(*args, **kwargs)

        return declare(wrapped, "api:" + (",".join(roles) if roles else "authenticated"))

    return decorator
