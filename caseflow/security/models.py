"""The security audit log: who signed in, failed, signed out, changed roles or was shown personal data."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.clock import now_utc
from caseflow.extensions import db

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")

# What is recorded, with its title in the administrators' list (zh, en).
EVENT_KINDS = {
    "sign_in": ("登录", "Signed in"),
    "sign_in_failed": ("登录失败", "Sign-in failed"),
    "sign_out": ("退出登录", "Signed out"),
    "token_issued": ("签发API令牌", "API token issued"),
    "password_changed": ("修改密码", "Password changed"),
    "password_reset": ("管理员重设密码", "Password reset by an administrator"),
    "user_created": ("创建用户", "User created"),
    "user_updated": ("修改用户", "User changed"),
    "roles_changed": ("角色变更", "Roles changed"),
    "role_grant_requested": ("申请授予办案角色", "Case role requested"),
    "role_grant_approved": ("批准授予办案角色", "Case role approved"),
    "role_grant_rejected": ("驳回授予办案角色", "Case role rejected"),
    "personal_data_shown": ("查看完整个人信息", "Personal data shown"),
    "case_file_exported": ("下载电子卷宗", "Case file downloaded"),
    # A holiday notice disagreed with days corrected by hand: what the administrator chose for each (issue 9).
    "calendar_conflicts_resolved": ("节假日通知与手工更正冲突的处理", "Holiday notice against hand corrections"),
}


class SecurityEvent(db.Model):
    """One entry of the security log. Never updated or deleted (the ORM refuses; on PostgreSQL a trigger too)."""

    __tablename__ = "security_event"
    __table_args__ = (sa.Index("ix_security_event_kind_occurred_at", "kind", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)  # whom it concerns
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))  # who did it, if someone else
    username: Mapped[str] = mapped_column(sa.String(64), default="")  # as typed, for a failed sign-in
    address: Mapped[str] = mapped_column(sa.String(64), default="")
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case.id"), index=True)
    detail: Mapped[dict] = mapped_column(JSONType, default=dict)


@sa.event.listens_for(sa.orm.Session, "before_flush")
def _security_events_are_append_only(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, SecurityEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise RuntimeError("security events are append-only: they are never updated or deleted")
