"""The inbox's forms: acknowledge (a button), answer, decide a proposed step."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.cases.forms import not_in_future
from caseflow.clock import today_local
from caseflow.web.forms import options


class AcknowledgeForm(FlaskForm):
    """Nothing to fill in: the CSRF token."""


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("回复内容"), validators=[DataRequired(_l("请填写回复内容")), Length(max=4000)])
    on = DateField(_l("回复日期"), validators=[DataRequired(_l("请填写日期")), not_in_future], default=today_local)


class DecideForm(FlaskForm):
    take = RadioField(_l("决定"), choices=options([("yes", _l("采取所提议的措施")), ("no", _l("不采取"))]),
                      validators=[DataRequired(_l("请选择"))])
    reason = TextAreaField(_l("理由"), validators=[Optional(), Length(max=4000)])
    on = DateField(_l("决定日期"), validators=[DataRequired(_l("请填写日期")), not_in_future], default=today_local)
