"""Protections that cut across every feature (SECURITY.md): bounded URL numbers, input hygiene, response headers,
sign-in throttling, safe redirects, personal data shown by need, and the security audit log.

Each is a hook or a helper the features call; none of them knows a kind of case.
"""
from __future__ import annotations


def init_app(app) -> None:
    """Install the request hooks. Called before the blueprints are registered (the URL converter must be)."""
    from caseflow.security import converters, headers, inputs, throttle

    converters.init_app(app)
    inputs.init_app(app)
    headers.init_app(app)
    throttle.init_app(app)
