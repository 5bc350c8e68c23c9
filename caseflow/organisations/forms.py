from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length


class AgencyForm(FlaskForm):
    name = StringField(_l("机关名称"), validators=[DataRequired(_l("请填写名称")), Length(min=2, max=200)])
    level = SelectField(_l("层级"))
    field = SelectField(_l("管理领域"))
