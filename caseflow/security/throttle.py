"""Sign-in throttling with Flask-Limiter (issue 13, findings 3 and 4).

Only failed attempts count (`deduct_when` a 401), in two budgets: per client address (LOGIN_FAILURES_PER_ADDRESS)
and per account name as typed (LOGIN_MAX_FAILURES per LOGIN_LOCKOUT). The account budget counts every name alike,
existing or not, so being throttled says nothing about whether an account exists. Over budget, the answer is 429
before any password is checked.
"""
from __future__ import annotations

from flask import current_app, request

from caseflow.extensions import limiter


def account_key() -> str:
    """The account name the request tries, normalised as sign-in looks it up. A request without one is refused as
    invalid (422) before any password check, so its shared key is never charged."""
    body = request.get_json(silent=True) if request.is_json else None
    name = body.get("username") if isinstance(body, dict) else request.form.get("username")
    return "account:" + (name.strip().lower()[:64] if isinstance(name, str) else "")


def address_limit() -> str:
    return current_app.config["LOGIN_FAILURES_PER_ADDRESS"]


def account_limit() -> str:
    minutes = max(int(current_app.config["LOGIN_LOCKOUT"].total_seconds() // 60), 1)
    return f"{current_app.config['LOGIN_MAX_FAILURES']} per {minutes} minutes"


def _failed(response) -> bool:
    return response.status_code == 401


def sign_in_limits():
    """The address budget and the account budget, as decorators (POST only)."""
    # Shared between the sign-in page and the token endpoint: alternating between them buys nothing.
    message = "too many failed sign-ins: wait and try again (see Retry-After)"
    return [limiter.shared_limit(address_limit, "sign-in-address", methods=["POST"], deduct_when=_failed,
                                 error_message=message),
            limiter.shared_limit(account_limit, "sign-in-account", key_func=account_key, methods=["POST"],
                                 deduct_when=_failed, error_message=message)]


def throttled(view):
    for decorate in sign_in_limits():
        view = decorate(view)
    return view


def init_app(app) -> None:
    if app.config.get("PROXY_FIX_X_FOR"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"])
    limiter.init_app(app)
