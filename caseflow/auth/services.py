"""Accounts, passwords (argon2id), sign-in and sign-out, sessions and API tokens, roles and their approval.

Every sign-in, failure, sign-out, password change and role change is written to the security log
(caseflow.security.audit) in the same transaction as the change itself.
"""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy.orm import joinedload

from caseflow.auth.models import ASSIGNABLE_ROLES, ApiToken, Role, RoleGrant, User, UserRole
from caseflow.auth.policies import CASE_ROLES
from caseflow.clock import now_utc
from caseflow.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from caseflow.extensions import db
from caseflow.organisations.models import Office
from caseflow.security.audit import record

MIN_PASSWORD = 10
_hashers: dict[tuple, PasswordHasher] = {}
_dummy_hashes: dict[tuple, str] = {}


def _params() -> tuple:
    return tuple(sorted(current_app.config.get("PASSWORD_HASH_PARAMS", {}).items()))


def _hasher() -> PasswordHasher:
    """argon2id with the configured cost (tests use a cheap one; production keeps argon2-cffi's defaults)."""
    params = _params()
    if params not in _hashers:
        _hashers[params] = PasswordHasher(**dict(params))
    return _hashers[params]


def _dummy_hash() -> str:
    """A hash verified in place of an account's when the account cannot sign in (unknown, locked, disabled), so
    every refusal costs the same single verification as a wrong password. Made once per cost setting: making it
    on every request made unknown names measurably slower (issue 13, finding 4)."""
    params = _params()
    if params not in _dummy_hashes:
        _dummy_hashes[params] = _hasher().hash(secrets.token_urlsafe(16))
    return _dummy_hashes[params]


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed("password too short", errors={"password": [f"密码至少{MIN_PASSWORD}位"]})
    return _hasher().hash(password)


def _assignable(roles) -> set[str] | None:
    """The role values, if every one names a role a person may hold (never the system's)."""
    names = {r.value if isinstance(r, Role) else r for r in roles}
    allowed = {r.value for r in ASSIGNABLE_ROLES}
    return names if names and names <= allowed else None


# --- accounts and roles ------------------------------------------------------------------------------------------
def create_user(username: str, display_name: str, password: str, office: Office, roles, actor: User | None = None
                ) -> User:
    """A new account. Created by an administrator (`actor`), its case roles wait for a second administrator's
    approval (a RoleGrant); created from the operator's command line (no actor), it gets its roles at once."""
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
    db.session.add(user)
    db.session.flush()
    record("user_created", user=user, actor=actor, roles=sorted(role_values))
    _grant(user, role_values, actor, new=True)
    return user


def set_roles(user: User, roles, actor: User | None = None) -> RoleGrant | None:
    """Give `user` exactly `roles`. Removals and roles outside case work apply at once; case roles an administrator
    (`actor`) adds wait for a second administrator's approval: the pending RoleGrant is returned."""
    values = _assignable(roles)
    if values is None:
        raise ValidationFailed("invalid roles", errors={"roles": ["角色无效"]})
    return _grant(user, values, actor)


def _grant(user: User, values: set[str], actor: User | None, new: bool = False) -> RoleGrant | None:
    current = user.roles
    held_back = (values - current) & CASE_ROLES if actor is not None else set()
    applied = values - held_back
    if applied != current:
        user.role_rows = [UserRole(role=r) for r in sorted(applied)]
        if not new:  # a new account's roles are in its user_created entry
            record("roles_changed", user=user, actor=actor, before=sorted(current), after=sorted(applied))
    if not held_back:
        db.session.flush()
        return None
    grant = RoleGrant(user_id=user.id, roles=",".join(sorted(held_back)), requested_by_id=actor.id)
    db.session.add(grant)
    db.session.flush()
    record("role_grant_requested", user=user, actor=actor, roles=sorted(held_back), grant_id=grant.id)
    return grant


def pending_grants() -> list[RoleGrant]:
    return list(db.session.scalars(sa.select(RoleGrant).where(RoleGrant.decided_at.is_(None))
                                   .order_by(RoleGrant.requested_at, RoleGrant.id)))


def decide_grant(grant_id: int, approver: User, approve: bool) -> RoleGrant:
    """A second administrator approves (the roles are added) or rejects a pending grant. The one who asked for it,
    and the account it is for, may not decide it."""
    grant = db.session.get(RoleGrant, grant_id, with_for_update=True)
    if grant is None:
        raise NotFound("no such role grant")
    if grant.decided_at is not None:
        raise Conflict("this request was already decided")
    if approver.id in (grant.requested_by_id, grant.user_id):
        raise PermissionDenied("须由另一名管理员批准（申请人和被授予人不能批准）")
    grant.decided_by_id, grant.decided_at, grant.approved = approver.id, now_utc(), approve
    if approve:
        user = grant.user
        user.role_rows = [UserRole(role=r) for r in sorted(user.roles | set(grant.role_values))]
    record("role_grant_approved" if approve else "role_grant_rejected", user=grant.user, actor=approver,
           roles=grant.role_values, grant_id=grant.id)
    db.session.flush()
    return grant


def update_user(user: User, actor: User, *, display_name: str, active: bool, roles, password: str | None
                ) -> RoleGrant | None:
    """An administrator edits an account: name, enabled, roles (case roles added wait for approval), and a new
    password if given. Disabling the account or resetting its password ends its sessions and tokens."""
    if user.id == actor.id and (not active or Role.ADMIN.value not in set(roles)):
        raise ValidationFailed("may not lock oneself out", errors={"roles": ["不能停用自己或取消自己的管理员角色"]})
    changed = {name: value for name, value in (("display_name", display_name), ("active", active))
               if getattr(user, name) != value}
    for name, value in changed.items():
        setattr(user, name, value)
    if changed:
        record("user_updated", user=user, actor=actor, **changed)
    grant = set_roles(user, roles, actor)
    if password:
        user.password_hash = hash_password(password)
        user.failed_logins, user.locked_until = 0, None
        record("password_reset", user=user, actor=actor)
    if password or changed.get("active") is False:
        end_sessions(user)
    return grant


# --- passwords -----------------------------------------------------------------------------------------------------
def set_password(user: User, password: str) -> None:
    """A new password; every session and token of the user ends with the old one."""
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    end_sessions(user)


def change_password(user: User, current: str, new: str) -> None:
    """A user replaces their own password; the current one must be right. Their other sessions and every API
    token end (the caller signs the current session in again)."""
    if not _verify(user.password_hash, current):
        raise ValidationFailed("wrong current password", errors={"current": ["当前密码不正确"]})
    if new == current:
        raise ValidationFailed("unchanged password", errors={"new": ["新密码不能与当前密码相同"]})
    set_password(user, new)
    record("password_changed", user=user)


# --- sign-in, sessions and tokens ----------------------------------------------------------------------------------
def authenticate(username: str, password: str) -> User | None:
    """The user if the password is right and the account is active and not locked; None otherwise.

    Every attempt costs exactly one password verification, whatever the account's state, and every refusal looks
    the same to the caller (issue 13, finding 4). Repeated failures lock an existing account for LOGIN_LOCKOUT;
    throttling by name and address is caseflow.security.throttle's. The caller commits, so a failure is kept.
    """
    name = (username or "").strip()
    user = db.session.scalar(sa.select(User).where(User.username == name))
    now = now_utc()
    locked = bool(user and user.locked_until and user.locked_until > now)
    usable = user is not None and user.active and not locked
    password_ok = _verify(user.password_hash if usable else _dummy_hash(), password)
    if not (usable and password_ok):
        if user is not None and not locked:
            user.failed_logins += 1
            if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
                user.locked_until = now + current_app.config["LOGIN_LOCKOUT"]
                user.failed_logins = 0
        record("sign_in_failed", user=user, username=name[:64],
               reason="unknown" if user is None else "locked" if locked else "disabled" if not user.active
               else "password")
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    record("sign_in", user=user)
    return user


def user_for_session(session_id: str) -> User | None:
    """The user a session names ("id:epoch", from User.get_id), if active and the session not ended since."""
    user_id, _, epoch = (session_id or "").partition(":")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None  # includes sessions made before epochs existed: they simply sign in again
    user = db.session.get(User, int(user_id))
    return user if user and user.active and user.session_epoch == int(epoch) else None


def end_sessions(user: User) -> None:
    """End every web session (their epoch no longer matches) and revoke every API token of `user`."""
    user.session_epoch += 1
    db.session.execute(sa.update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=now_utc()))


def sign_out(user: User) -> None:
    """Sign-out ends every session and token of the user, not only the one it came from (issue 13, finding 2)."""
    end_sessions(user)
    record("sign_out", user=user)


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
    record("token_issued", user=user, token_id=row.id)
    return token, row


def user_for_token(token: str) -> tuple[User, ApiToken] | None:
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.digest == _digest(token))
                            .options(joinedload(ApiToken.user)))  # with its user: one statement, not two
    now = now_utc()
    if row is None or row.revoked_at is not None or row.expires_at <= now or not row.user.active:
        return None
    return row.user, row
