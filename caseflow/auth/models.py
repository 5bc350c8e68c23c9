"""Users, their roles and API tokens."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.clock import now_utc
from caseflow.extensions import db
from caseflow.organisations.models import Office


class Role(str, enum.Enum):
    CLERK = "clerk"  # 承办人
    OFFICE_HEAD = "office_head"  # 行政复议机构负责人: approves extensions, suspensions (ARL Art. 62)
    ORGAN_LEADER = "organ_leader"  # 行政复议机关负责人: approves decisions (ARL Art. 61)
    MEDIATOR = "mediator"
    LEADER = "leader"  # bureau leadership: reads its office and the offices below
    ADMIN = "admin"
    SYSTEM = "system"  # what no person does (deemed acceptance, lapses): never held by a user account


ASSIGNABLE_ROLES = [r for r in Role if r is not Role.SYSTEM]


ROLE_LABELS = {
    Role.CLERK: ("承办人", "Clerk"),
    Role.OFFICE_HEAD: ("机构负责人", "Office head"),
    Role.ORGAN_LEADER: ("机关负责人", "Organ leader"),
    Role.MEDIATOR: ("调解员", "Mediator"),
    Role.LEADER: ("局领导", "Leader"),
    Role.ADMIN: ("系统管理员", "Administrator"),
    Role.SYSTEM: ("系统", "System"),
}


class UserRole(db.Model):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(sa.String(32), primary_key=True)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(100))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    # Part of every session's identity (get_id): raising it ends every web session of the user at once (sign-out,
    # password change or reset), since a session cookie is otherwise valid until it expires.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")

    office: Mapped[Office] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}

    def has_role(self, *roles) -> bool:
        wanted = {r.value if isinstance(r, Role) else r for r in roles}
        return bool(self.roles & wanted)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login keeps this in the session; the user loader checks the epoch
        return f"{self.id}:{self.session_epoch}"


class SystemActor:
    """The actor of what the law makes automatic (legal-reference §4.2 SYSTEM): the scheduler's transitions are
    recorded under this actor and the `system` role. It belongs to no office and acts on every office's cases."""

    id = None
    is_system = True
    display_name = "系统"
    office_id = None
    roles = frozenset({Role.SYSTEM.value})

    def has_role(self, *roles) -> bool:
        return any((r.value if isinstance(r, Role) else r) == Role.SYSTEM.value for r in roles)


SYSTEM_ACTOR = SystemActor()


class ApiToken(db.Model):
    """A bearer token. Only its SHA-256 digest is stored; the token itself is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class RoleGrant(db.Model):
    """Case roles an administrator asked to give an account. They take effect only when a second administrator
    approves (issue 13): no single administrator opens case files to an account, their own or a new one."""

    __tablename__ = "role_grant"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    roles: Mapped[str] = mapped_column(sa.String(200))  # comma-separated role values
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(default=now_utc)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    approved: Mapped[bool | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def role_values(self) -> list[str]:
        return self.roles.split(",")
