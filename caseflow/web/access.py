"""Access declarations for web pages (the API's are in caseflow.auth.access)."""
from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user

from caseflow.auth.access import Policy, declare
from caseflow.extensions import login_manager


def web_auth(*roles, scope: str):
    """Signed-in users (holding one of `roles`, if given). Anonymous → sign-in page; wrong role → 403. `scope`: see
    caseflow.auth.access.SCOPES."""
    policy = Policy("web", frozenset(roles) if roles else None, scope)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and not current_user.has_role(*roles):
                abort(403)
            g.user = current_user._get_current_object()
            return view(*args, **kwargs)

        return declare(wrapped, policy)

    return decorator
