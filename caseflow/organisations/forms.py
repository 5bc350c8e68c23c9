from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from caseflow.cases.forms import phone


class AgencyForm(FlaskForm):
    name = StringField(_l("机关名称"), validators=[DataRequired(_l("请填写名称")), Length(min=2, max=200)])
    level = SelectField(_l("层级"))
    field = SelectField(_l("管理领域"))
    # For service (送达) and supervision notices: where and to whom documents go.
    address = StringField(_l("送达地址"), validators=[Optional(), Length(max=300)])
    contact_person = StringField(_l("联系人"), validators=[Optional(), Length(max=100)])
    phone = StringField(_l("联系电话"), validators=[Optional(), Length(max=32), phone])
    email = StringField(_l("电子邮箱"), validators=[Optional(), Length(max=200), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("电子邮箱格式不正确"))])

    def contact(self) -> dict:
        return {name: (getattr(self, name).data or "").strip() or None
                for name in ("address", "contact_person", "phone", "email")}
