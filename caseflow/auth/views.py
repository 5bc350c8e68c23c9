"""Sign in and out; user administration."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from caseflow.auth import services
from caseflow.auth.access import public
from caseflow.auth.forms import LoginForm, PasswordChangeForm, UserEditForm, UserForm, role_choices
from caseflow.auth.models import Role, User
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.organisations.models import Office
from caseflow.security.redirects import safe_next
from caseflow.security.throttle import throttled
from caseflow.web.access import web_auth
from caseflow.web.forms import options, run_form

bp = Blueprint("auth", __name__)


def _next(target: str | None) -> str:
    return safe_next(target, url_for("cases.dashboard"))


@bp.route("/login", methods=["GET", "POST"])
@public
@throttled
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        db.session.commit()  # the sign-in, or the failure (it counts towards the lockout), and its log entry
        if user is not None:
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
            login_user(user)
            return redirect(_next(request.args.get("next")))
        # One answer for every refusal: a wrong password, an unknown name, a locked or disabled account.
        form.password.errors.append(_("用户名或密码不正确；多次失败后须等待15分钟再试"))
        status = 401
    elif request.method == "POST":
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@web_auth(scope="self")
def logout():
    services.sign_out(g.user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("您已退出登录，此账户的所有会话和令牌均已失效"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@web_auth(scope="self")
def password():
    form = PasswordChangeForm()
    done, _result, status = run_form(form, lambda: services.change_password(g.user, form.current.data,
                                                                            form.new.data))
    if done:
        login_user(g.user)  # this session goes on under the new epoch; every other one has ended
        flash(_("密码已修改，其他会话和API令牌均已失效"), "success")
        return redirect(url_for("cases.dashboard"))
    return render_template("auth/password.html", form=form), status


@bp.route("/language/<code>", methods=["POST"])
@public
def language(code):
    if code in ("zh", "en"):
        session["lang"] = code
    return redirect(_next(request.form.get("next")))


@bp.route("/admin/users")
@web_auth(Role.ADMIN.value, scope="bureau")
def users():
    rows = db.session.scalars(sa.select(User).order_by(User.office_id, User.username)).all()
    return render_template("auth/users.html", users=rows, grants=services.pending_grants())


def _offices():
    return options((o.id, o.name) for o in db.session.scalars(sa.select(Office).order_by(Office.id)))


def _flash_grant(grant) -> None:
    if grant is not None:
        flash(_("办案角色（%(roles)s）须由另一名管理员批准后生效", roles="、".join(grant.role_values)), "warning")


@bp.route("/admin/users/new", methods=["GET", "POST"])
@web_auth(Role.ADMIN.value, scope="bureau")
def user_new():
    form = UserForm()
    form.office_id.choices = _offices()
    form.roles.choices = role_choices(lang())
    done, user, status = run_form(form, lambda: services.create_user(
        form.username.data, form.display_name.data, form.password.data,
        db.session.get(Office, form.office_id.data), form.roles.data, actor=g.user))
    if done:
        flash(_("已创建用户 %(name)s", name=user.username), "success")
        _flash_grant(next((gr for gr in services.pending_grants() if gr.user_id == user.id), None))
        return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None), status


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@web_auth(Role.ADMIN.value, scope="bureau")
def user_edit(user_id):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user) if request.method == "GET" else UserEditForm()
    form.roles.choices = role_choices(lang())
    if request.method == "GET":
        form.roles.data = sorted(user.roles)
    done, grant, status = run_form(form, lambda: services.update_user(
        user, g.user, display_name=form.display_name.data, active=form.active.data, roles=form.roles.data,
        password=form.password.data or None))
    if done:
        flash(_("已保存"), "success")
        _flash_grant(grant)
        return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=user), status


@bp.route("/admin/role-grants/<int:grant_id>/<any(approve, reject):decision>", methods=["POST"])
@web_auth(Role.ADMIN.value, scope="bureau")
def grant_decide(grant_id, decision):
    """A second administrator approves or rejects case roles another administrator asked for."""
    grant = services.decide_grant(grant_id, g.user, approve=decision == "approve")
    db.session.commit()
    flash(_("已批准") if grant.approved else _("已驳回"), "success")
    return redirect(url_for("auth.users")), 303
