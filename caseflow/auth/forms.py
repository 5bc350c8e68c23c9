"""Sign-in and user administration forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from caseflow.auth.models import ASSIGNABLE_ROLES, ROLE_LABELS
from caseflow.web.forms import options


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请输入用户名")), Length(max=64)])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请输入密码")), Length(max=200)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def role_choices(language: str):
    return options((r.value, ROLE_LABELS[r][1] if language == "en" else ROLE_LABELS[r][0]) for r in ASSIGNABLE_ROLES)


class UserForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请输入用户名")), Length(max=64),
                                                   Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("只能使用字母、数字和 _ . -"))])
    display_name = StringField(_l("姓名"), validators=[DataRequired(_l("请输入姓名")), Length(max=100)])
    office_id = SelectField(_l("所属机构"), coerce=int)
    roles = MultiCheckboxField(_l("角色"), validators=[DataRequired(_l("至少选择一个角色"))])
    password = PasswordField(_l("初始密码（至少10位）"), validators=[DataRequired(_l("请设置初始密码")),
                                                               Length(min=10, max=200, message=_l("密码至少10位"))])


class UserEditForm(FlaskForm):
    display_name = StringField(_l("姓名"), validators=[DataRequired(_l("请输入姓名")), Length(max=100)])
    roles = MultiCheckboxField(_l("角色"), validators=[DataRequired(_l("至少选择一个角色"))])
    active = BooleanField(_l("启用"))
    password = PasswordField(_l("重设密码（留空则不变）"),
                             validators=[Optional(), Length(min=10, max=200, message=_l("密码至少10位"))])


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("当前密码"), validators=[DataRequired(_l("请输入当前密码"))])
    new = PasswordField(_l("新密码（至少10位）"), validators=[DataRequired(_l("请输入新密码")),
                                                         Length(min=10, max=200, message=_l("密码至少10位"))])
    confirm = PasswordField(_l("再次输入新密码"), validators=[EqualTo("new", message=_l("两次输入的新密码不一致"))])
