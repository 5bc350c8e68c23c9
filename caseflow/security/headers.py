"""Response headers (issue 13, finding 7).

Every response: a Content-Security-Policy without inline script (scripts are files under /static), nosniff, no
framing, no Referer to other sites. Every response that is not a static file: `Cache-Control: no-store`, since any
page or API answer may hold personal data and must not stay in a shared or browser cache, except the public
portal's (caseflow/publication/public.py, api.py), which serves only approved redacted copies and says so itself.
"""
from __future__ import annotations

from flask import request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI (the browsable API documentation) styles its widgets through style attributes.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

PUBLIC_BLUEPRINTS = ("public", "public_api")  # published, redacted copies only: cacheable

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def set_headers(response):
    docs = request.endpoint == "api-docs.openapi_swagger_ui"
    response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "static" and request.blueprint not in PUBLIC_BLUEPRINTS:
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app) -> None:
    app.after_request(set_headers)
