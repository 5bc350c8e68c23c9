"""One error shape for the API: {code, status, message, error, errors: {json: {field: [messages]}}}.

flask-smorest already answers bad input with 422 and that shape; domain errors raised by services join it here.
Web pages get HTML instead (handled by the web package).
"""
from __future__ import annotations

from flask import jsonify, request
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from caseflow.errors import DomainError
from caseflow.extensions import db


def nest(errors: dict) -> dict:
    """{'act.known_on': [..]} -> {'act': {'known_on': [..]}}: the same nesting as the request body."""
    out: dict = {}
    for key, messages in errors.items():
        node = out
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = messages
    return out


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def domain_error_body(err: DomainError) -> dict:
    body = {"code": err.status, "status": HTTP_STATUS_CODES.get(err.status, "Error"), "message": err.message,
            "error": err.code}
    if err.errors:
        body["errors"] = {"json": nest(err.errors)}
    body.update(err.extra)
    return body


def register(app) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(err: DomainError):
        db.session.rollback()  # nothing of a refused operation is kept
        if is_api_request():
            response = jsonify(domain_error_body(err))
            response.status_code = err.status
            if err.status == 401:
                response.headers["WWW-Authenticate"] = 'Bearer realm="caseflow"'
            return response
        from caseflow.web.errors import render_domain_error

        return render_domain_error(err)

    @app.errorhandler(HTTPException)
    def handle_http_error(err: HTTPException):
        db.session.rollback()
        if is_api_request():
            body = {"code": err.code, "status": HTTP_STATUS_CODES.get(err.code, "Error")}
            data = getattr(err, "data", None) or {}
            if "messages" in data:  # webargs/marshmallow validation
                body["errors"] = data["messages"]
                body["message"] = "invalid input"
            elif data.get("message") or err.description:
                body["message"] = data.get("message") or err.description
            return jsonify(body), err.code
        from caseflow.web.errors import render_http_error

        return render_http_error(err)

    @app.errorhandler(OperationalError)
    def handle_busy_database(err: OperationalError):
        """SQLite allows one writer: a write that loses the race is refused whole; the client may simply retry.
        The database gone (restarted, the connection cut): the transaction is lost whole, the pool drops the dead
        connection (and pre-pings the others), so the next request works again once the database is back."""
        try:
            db.session.rollback()
        except OperationalError:
            db.session.close()
        text = str(err.orig).lower()
        gone = err.connection_invalidated or any(
            word in text for word in ("terminat", "server closed", "connection", "could not connect", "shutdown"))
        if "locked" not in text and "busy" not in text and not gone:
            return handle_unexpected(err)
        app.logger.warning("database %s: %s", "unavailable" if gone else "busy", err.orig)
        if is_api_request():
            return jsonify({"code": 503, "status": "Service Unavailable", "error": "unavailable" if gone else "busy",
                            "message": f"the database is {'unavailable' if gone else 'busy'}; nothing was saved, "
                                       "try again"}), 503, {"Retry-After": "1"}
        from werkzeug.exceptions import ServiceUnavailable

        from caseflow.web.errors import render_http_error

        return render_http_error(ServiceUnavailable())

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def handle_out_of_range(err: Exception):
        """A value no column or date can hold (a number past 2**63, a date past year 9999) that slipped past the
        schemas: bad input, refused whole (422), never a server error. Logged, to find the schema that let it in."""
        db.session.rollback()
        app.logger.warning("value out of range reached %s: %s", request.path, err)
        message = "a value is out of range"
        if is_api_request():
            return jsonify({"code": 422, "status": HTTP_STATUS_CODES[422], "message": message,
                            "error": "out_of_range"}), 422
        from caseflow.errors import ValidationFailed
        from caseflow.web.errors import render_domain_error

        return render_domain_error(ValidationFailed("数值或日期超出允许范围"))

    @app.errorhandler(Exception)
    def handle_unexpected(err: Exception):
        if isinstance(err, HTTPException):
            return handle_http_error(err)
        db.session.rollback()
        app.logger.exception("unhandled error")
        if is_api_request():
            return jsonify({"code": 500, "status": "Internal Server Error",
                            "message": "an unexpected error occurred; nothing was saved"}), 500
        from caseflow.web.errors import render_server_error

        return render_server_error()
