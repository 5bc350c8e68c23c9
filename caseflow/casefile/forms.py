"""The archive form (归档) of the case page."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import HiddenInput


class ArchiveForm(FlaskForm):
    version = IntegerField(_l("版本"), widget=HiddenInput(), validators=[DataRequired(_l("页面已过期，请刷新后重试"))])
    reason = TextAreaField(_l("归档说明"), validators=[DataRequired(_l("请填写归档说明")), Length(max=2000)],
                           render_kw={"rows": 2})
