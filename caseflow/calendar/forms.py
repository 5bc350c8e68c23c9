"""Forms for the deadline calculator and the calendar administration."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from caseflow.web.forms import options, plausible_date


class CalculatorForm(FlaskForm):
    class Meta:
        csrf = False  # a GET computation changes nothing

    rule = SelectField(_l("期限规则"), validators=[DataRequired(_l("请选择规则"))])
    start = DateField(_l("起算事件日期（倒数规则为基准日）"), validators=[DataRequired(_l("请填写日期")), plausible_date])
    pause_from = DateField(_l("暂停自（可选）"), validators=[Optional(), plausible_date])
    pause_to = DateField(_l("暂停至"), validators=[Optional(), plausible_date])
    extend = IntegerField(_l("延长天数（可选）"), validators=[Optional(), NumberRange(min=1, max=366)])


class NoticeImportForm(FlaskForm):
    file = FileField(_l("通知文件（YAML或JSON）"))
    text = TextAreaField(_l("或直接粘贴内容"), validators=[Optional(), Length(max=20000)])


class NoticeEntryForm(FlaskForm):
    year = IntegerField(_l("年份"), validators=[DataRequired(_l("请填写年份")), NumberRange(min=2000, max=2100)])
    notice = StringField(_l("通知文号"), validators=[DataRequired(_l("请填写通知文号")), Length(max=200)])
    holidays = TextAreaField(_l("放假安排（每行：名称 起始日期 结束日期）"), validators=[DataRequired(_l("请填写放假安排"))])
    makeup = TextAreaField(_l("调休上班日（每行：日期 名称）"), validators=[Optional()])


class DayCorrectionForm(FlaskForm):
    day = DateField(_l("日期"), validators=[DataRequired(_l("请填写日期"))])
    day_type = SelectField(_l("改为"), choices=options([("workday", _l("工作日")), ("weekend", _l("周末休息日")),
                                                        ("holiday", _l("法定节假日")), ("makeup_workday", _l("调休上班日"))]))
    name = StringField(_l("节日名称"), validators=[Optional(), Length(max=64)])
    reason = StringField(_l("更正理由"), validators=[DataRequired(_l("请说明更正理由")), Length(max=200)])


class ConflictChoiceForm(FlaskForm):
    """The notice carried through the conflicts page; each day's choice is a radio `choice-YYYY-MM-DD`."""

    notice_text = HiddenField(_l("节假日安排通知"), validators=[DataRequired(_l("通知内容缺失，请重新导入")),
                                                           Length(max=200_000)])
