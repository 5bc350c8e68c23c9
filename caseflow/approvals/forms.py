"""The approver's forms: approve (with an opinion and the approval date), return or reject (opinion required)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.cases.forms import not_in_future
from caseflow.clock import today_local


class ApproveForm(FlaskForm):
    opinion = TextAreaField(_l("审批意见"), validators=[Optional(), Length(max=4000)])
    on = DateField(_l("批准日期"), validators=[DataRequired(_l("请填写批准日期")), not_in_future], default=today_local)


class SendBackForm(FlaskForm):
    opinion = TextAreaField(_l("退回或不予批准的意见"), validators=[DataRequired(_l("退回或不予批准须写明审批意见")),
                                                    Length(max=4000)])


class WithdrawForm(FlaskForm):
    """Nothing to fill in: the CSRF token."""
