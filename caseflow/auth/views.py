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
from caseflow.web.access import web_auth
from caseflow.web.forms import options, run_form

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else url_for("cases.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
            login_user(user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        db.session.commit()  # keep the failure count
        if services.is_locked(form.username.data):
            form.password.errors.append(_("登录失败次数过多，账户已暂时锁定，请15分钟后再试"))
        else:
            form.password.errors.append(_("用户名或密码不正确"))
        status = 401
    elif request.method == "POST":
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@web_auth()
def logout():
    logout_user()
    session.clear()
    flash(_("您已退出登录"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@web_auth()
def password():
    form = PasswordChangeForm()
    done, _result, status = run_form(form, lambda: services.change_password(g.user, form.current.data,
                                                                            form.new.data))
    if done:
        flash(_("密码已修改"), "success")
        return redirect(url_for("cases.dashboard"))
    return render_template("auth/password.html", form=form), status


@bp.route("/language/<code>", methods=["POST"])
@public
def language(code):
    if code in ("zh", "en"):
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/admin/users")
@web_auth(Role.ADMIN.value)
def users():
    rows = db.session.scalars(sa.select(User).order_by(User.office_id, User.username)).all()
    return render_template("auth/users.html", users=rows)


def _offices():
    return options((o.id, o.name) for o in db.session.scalars(sa.select(Office).order_by(Office.id)))


@bp.route("/admin/users/new", methods=["GET", "POST"])
@web_auth(Role.ADMIN.value)
def user_new():
    form = UserForm()
    form.office_id.choices = _offices()
    form.roles.choices = role_choices(lang())
    done, user, status = run_form(form, lambda: services.create_user(
        form.username.data, form.display_name.data, form.password.data,
        db.session.get(Office, form.office_id.data), form.roles.data))
    if done:
        flash(_("已创建用户 %(name)s", name=user.username), "success")
        return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None), status


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@web_auth(Role.ADMIN.value)
def user_edit(user_id):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user) if request.method == "GET" else UserEditForm()
    form.roles.choices = role_choices(lang())
    if request.method == "GET":
        form.roles.data = sorted(user.roles)
    status = 200
    if form.validate_on_submit():
        if user.id == g.user.id and (not form.active.data or Role.ADMIN.value not in form.roles.data):
            form.roles.errors.append(_("不能停用自己或取消自己的管理员角色"))
            status = 422
        else:
            user.display_name = form.display_name.data
            user.active = form.active.data
            services.set_roles(user, form.roles.data)
            if form.password.data:
                services.set_password(user, form.password.data)
            db.session.commit()
            flash(_("已保存"), "success")
            return redirect(url_for("auth.users"))
    elif request.method == "POST":
        status = 422
    return render_template("auth/user_form.html", form=form, user=user), status
