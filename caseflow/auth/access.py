"""Route access declarations. Every route names who may use it and which objects it reaches; a test walks the
URL map to prove each route has one, another calls every route as every role to prove it holds, and SECURITY.md
prints them as a table (caseflow.security.policy).

- `api_auth(*roles, scope=...)`: bearer token required; if roles are given, the user must hold one of them.
- `public`: deliberately open (sign-in page, token endpoint, OpenAPI document, published material).
The web equivalent, `web_auth`, lives with the web views.

`scope` says whether the object a route reaches must lie in the user's offices (see SCOPES); it is required.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import g, request

from caseflow.errors import DomainError

ACCESS_ATTR = "_caseflow_access"

# What a route's objects must be, for the table in SECURITY.md: (zh, en).
SCOPES = {
    "none": ("不涉及具体对象", "reaches no particular object"),
    "self": ("仅本人账户", "the user's own account only"),
    "case": ("案件须属本人可见的机构（本机构；局领导含下级机构），否则404",
             "the case must be in the user's offices (own office; a leader's also the offices below), else 404"),
    "attachment": ("材料所属案件须属本人可见的机构，否则404", "the attachment's case must be in the user's offices, else 404"),
    "offices": ("只列出本人可见机构的案件", "lists only the cases of the user's offices"),
    "own-office": ("仅本机构（登记入本机构、列出本机构人员）", "the user's own office only (registers into it, lists its people)"),
    "bureau": ("全局名录（用户、被申请人、工作日历），各机构相同",
               "a bureau-wide registry (users, agencies, calendar), the same for every office"),
}


@dataclass(frozen=True)
class Policy:
    """Who may use a route: anyone (`public`), or signed-in users holding one of `roles` (None: any role), and
    what the objects it reaches must be (`scope`, a key of SCOPES)."""

    channel: str  # "api" (bearer token), "web" (session) or "any" (public)
    roles: frozenset[str] | None
    scope: str
    public: bool = False

    def __post_init__(self):
        if self.scope not in SCOPES:
            raise ValueError(f"unknown scope {self.scope!r}; one of {sorted(SCOPES)}")

    def admits(self, roles: set[str]) -> bool:
        return self.public or self.roles is None or bool(self.roles & roles)


PUBLIC = Policy("any", None, "none", public=True)


class Unauthorised(DomainError):
    status = 401
    code = "unauthorised"


def declare(view, policy: Policy):
    setattr(view, ACCESS_ATTR, policy)
    return view


def public(view):
    return declare(view, PUBLIC)


def api_auth(*roles, scope: str):
    """Require a valid bearer token (and, if given, one of `roles`); sets g.user."""
    from caseflow.auth.services import user_for_token

    policy = Policy("api", frozenset(roles) if roles else None, scope)

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

        return declare(wrapped, policy)

    return decorator
