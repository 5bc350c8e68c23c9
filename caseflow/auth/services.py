"""Accounts, passwords (argon2id), sign-in throttling and API tokens."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from caseflow.auth.models import ASSIGNABLE_ROLES, ApiToken, Role, User, UserRole
from caseflow.clock import now_utc
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.organisations.models import Office

MIN_PASSWORD = 10
_hashers: dict[tuple, PasswordHasher] = {}


def _hasher() -> PasswordHasher:
    """argon2id with the configured cost (tests use a cheap one; production keeps argon2-cffi's defaults)."""
    params = tuple(sorted(current_app.config.get("PASSWORD_HASH_PARAMS", {}).items()))
    if params not in _hashers:
        _hashers[params] = PasswordHasher(**dict(params))
    return _hashers[params]


def _dummy_hash() -> str:
    # Verified when the user does not exist, so a wrong username costs as long as a wrong password.
    return _hasher().hash("caseflow-timing-equaliser")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed("password too short", errors={"password": [f"密码至少{MIN_PASSWORD}位"]})
    return _hasher().hash(password)


def create_user(username: str, display_name: str, password: str, office: Office, roles) -> User:
    username = username.strip()
    errors = {}
    if not username or len(username) > 64:
        errors["username"] = ["用户名须为1至64个字符"]
    elif db.session.scalar(sa.select(User.id).where(User.username == username)):
        errors["username"] = ["用户名已存在"]
    role_values = _assignable(roles)
    if not role_values:
        errors["roles"] = ["角色无效"]
    if errors:
        raise ValidationFailed("invalid user", errors=errors)
    user = User(username=username, display_name=display_name or username, password_hash=hash_password(password),
                office_id=office.id)
    user.role_rows = [UserRole(role=r) for r in sorted(role_values)]
    db.session.add(user)
    db.session.flush()
    return user


def _assignable(roles) -> set[str] | None:
    """The role values, if every one names a role a person may hold (never the system's)."""
    names = {r.value if isinstance(r, Role) else r for r in roles}
    allowed = {r.value for r in ASSIGNABLE_ROLES}
    return names if names and names <= allowed else None


def set_roles(user: User, roles) -> None:
    values = _assignable(roles)
    if values is None:
        raise ValidationFailed("invalid roles", errors={"roles": ["角色无效"]})
    user.role_rows = [UserRole(role=r) for r in sorted(values)]


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None


def change_password(user: User, current: str, new: str) -> None:
    """A user replaces their own password; the current one must be right."""
    if not _verify(user.password_hash, current):
        raise ValidationFailed("wrong current password", errors={"current": ["当前密码不正确"]})
    if new == current:
        raise ValidationFailed("unchanged password", errors={"new": ["新密码不能与当前密码相同"]})
    set_password(user, new)


def authenticate(username: str, password: str) -> User | None:
    """The user if the password is right and the account is active and not locked; None otherwise.

    Repeated failures lock the account for LOGIN_LOCKOUT (issue: throttling after repeated failures). The
    caller commits, so a failure is counted even though the sign-in is refused.
    """
    user = db.session.scalar(sa.select(User).where(User.username == (username or "").strip()))
    now = now_utc()
    if user is None:
        _verify(_dummy_hash(), password)
        return None
    if user.locked_until and user.locked_until > now:
        return None
    if not user.active or not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
            user.locked_until = now + current_app.config["LOGIN_LOCKOUT"]
            user.failed_logins = 0
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    return user


def is_locked(username: str) -> bool:
    user = db.session.scalar(sa.select(User).where(User.username == (username or "").strip()))
    return bool(user and user.locked_until and user.locked_until > now_utc())


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher().verify(hashed, password or "")
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> tuple[str, ApiToken]:
    """A new bearer token; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, digest=_digest(token), expires_at=now_utc() + current_app.config["API_TOKEN_TTL"])
    db.session.add(row)
    db.session.flush()
    return token, row


def user_for_token(token: str) -> tuple[User, ApiToken] | None:
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.digest == _digest(token)))
    now = now_utc()
    if row is None or row.revoked_at is not None or row.expires_at <= now or not row.user.active:
        return None
    return row.user, row


def revoke_token(row: ApiToken, when: datetime | None = None) -> None:
    row.revoked_at = when or now_utc()
