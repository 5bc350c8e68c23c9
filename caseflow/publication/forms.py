"""The publication review's forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from caseflow.publication.models import EXEMPTION_GROUNDS
from caseflow.web.forms import options


class ButtonForm(FlaskForm):
    """Nothing to fill in: the CSRF token."""


class MarkForm(FlaskForm):
    passage = TextAreaField(_l("需要隐去的原文（粘贴原文中的一段）"),
                            validators=[DataRequired(_l("请粘贴需要隐去的原文")), Length(max=2000)])
    reason = SelectField(_l("理由"), choices=options([
        ("商业秘密", _l("商业秘密")), ("个人隐私", _l("个人隐私")), ("国家秘密", _l("国家秘密")),
        ("其他不宜公开的内容", _l("其他不宜公开的内容"))]), validators=[DataRequired()])


class NameForm(FlaskForm):
    name = HiddenField(validators=[DataRequired()])
    verdict = RadioField(_l("处理"), choices=options([("redact", _l("隐去（姓+某）")), ("keep", _l("保留（非自然人姓名或依法可公开）"))]),
                         validators=[DataRequired(_l("请选择"))])


class ExemptionForm(FlaskForm):
    ground = SelectField(_l("不公开的理由"), choices=options([(k, _l(zh)) for k, (zh, _en) in EXEMPTION_GROUNDS.items()]),
                         validators=[DataRequired(_l("请选择不公开的理由"))])
    reason = TextAreaField(_l("具体说明"), validators=[DataRequired(_l("请说明理由")), Length(max=4000)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("理由"), validators=[DataRequired(_l("请说明理由")), Length(max=4000)])
