"""Write the security log (caseflow.security.models). Callers flush or commit with their own work, so an event is
kept exactly when what it records is; a failed sign-in is committed by the sign-in view itself."""
from __future__ import annotations

from flask import has_request_context, request

from caseflow.extensions import db
from caseflow.security.models import EVENT_KINDS, SecurityEvent


def record(kind: str, *, user=None, actor=None, username: str = "", case_id: int | None = None,
           **detail) -> SecurityEvent:
    """Add one event: `user` is whom it concerns, `actor` who did it when that is someone else (an administrator)."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown security event {kind!r}")
    event = SecurityEvent(kind=kind, user_id=getattr(user, "id", None), actor_id=getattr(actor, "id", None),
                          username=(username or getattr(user, "username", "") or "")[:64],
                          address=(request.remote_addr or "")[:64] if has_request_context() else "",
                          case_id=case_id, detail=detail)
    db.session.add(event)
    return event
