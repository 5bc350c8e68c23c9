"""The documents page's forms: issue (a correction names its reason) and serve an issued document."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.cases.forms import not_in_future
from caseflow.clock import today_local
from caseflow.serving.models import METHOD_LABELS
from caseflow.web.forms import options


class IssueForm(FlaskForm):
    reason = TextAreaField(_l("更正理由（再次制发时必填）"), validators=[Optional(), Length(max=2000)])


def _methods():
    return options([(m.value, _l(zh)) for m, (zh, _en) in METHOD_LABELS.items()])


class ServeForm(FlaskForm):
    addressee = StringField(_l("受送达人"), validators=[DataRequired(_l("请填写受送达人")), Length(max=200)])
    addressee_role = SelectField(_l("身份"), choices=options([
        ("applicant", _l("申请人")), ("respondent", _l("被申请人")), ("third_party", _l("第三人")),
        ("recipient", _l("收文机关"))]), validators=[DataRequired()])
    method = SelectField(_l("送达方式"), choices=_methods(), validators=[DataRequired(_l("请选择送达方式"))])
    sent_on = DateField(_l("发出日期"), validators=[DataRequired(_l("请填写日期")), not_in_future], default=today_local)
    evidence = StringField(_l("送达回证或邮件号"), validators=[Optional(), Length(max=200)])
