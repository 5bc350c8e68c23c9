"""The dashboard's filter form (a GET: it changes nothing). The values are read by
caseflow.statistics.schemas.StatsArgsSchema, the same as the API's; this form only shows them, with errors next to
each field."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from caseflow.web.forms import options


def period_choices(today: date) -> list[tuple[str, str]]:
    """This year and the two before: each year, its quarters, its months; then custom dates."""
    out = []
    for year in range(today.year, today.year - 3, -1):
        out.append((str(year), _("%(year)s年", year=year)))
        out += [(f"{year}-Q{q}", _("%(year)s年第%(q)s季度", year=year, q=q))
                for q in range(4, 0, -1) if date(year, 3 * q - 2, 1) <= today]
        out += [(f"{year}-{m:02d}", _("%(year)s年%(month)s月", year=year, month=m))
                for m in range(12, 0, -1) if date(year, m, 1) <= today]
    return out + [("custom", str(_l("自定义期间（填写起止日期）")))]


class StatsFilterForm(FlaskForm):
    class Meta:
        csrf = False

    period = SelectField(_l("统计期间"), validators=[Optional()], validate_choice=False)
    start = DateField(_l("自"), validators=[Optional()])
    end = DateField(_l("至"), validators=[Optional()])
    kind = SelectField(_l("案件类型"), validators=[Optional()], validate_choice=False)
    office_id = SelectField(_l("机构（含下级）"), validators=[Optional()], validate_choice=False)
    agency_id = SelectField(_l("被申请人"), validators=[Optional()], validate_choice=False)
    agency_level = SelectField(_l("被申请人层级"), validators=[Optional()], validate_choice=False)
    field = SelectField(_l("行政管理领域"), validators=[Optional()], validate_choice=False)
    procedure = SelectField(_l("程序"), validators=[Optional()], validate_choice=False,
                            choices=options([("", _l("全部")), ("ordinary", _l("普通程序")),
                                             ("simplified", _l("简易程序"))]))
    handler_id = SelectField(_l("承办人"), validators=[Optional()], validate_choice=False)

    def fill(self, choices: dict, today: date) -> StatsFilterForm:
        every = ("", str(_l("全部")))
        self.period.choices = options(period_choices(today))
        self.kind.choices = options([every, ("reconsideration", str(_l("行政复议"))), ("mediation", str(_l("行政调解"))),
                                     ("adjudication", str(_l("行政裁决")))])
        self.office_id.choices = options([every] + [(str(i), n) for i, n in choices["offices"]])
        self.agency_id.choices = options([every] + [(str(i), n) for i, n in choices["agencies"]])
        self.agency_level.choices = options([every] + choices["levels"])
        self.field.choices = options([every] + choices["fields"])
        self.handler_id.choices = options([every] + [(str(i), n) for i, n in choices["handlers"]])
        if not self.period.data:
            self.period.data = str(today.year)
        return self
