"""Administrative adjudication's registration form (登记行政裁决申请)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, FormField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from caseflow.cases.forms import PartySubForm, check_sides, labelled, not_in_future
from caseflow.clock import today_local
from caseflow.kinds.adjudication.models import KIND, PROFILES


class RegisterAdjudicationForm(FlaskForm):
    profile = SelectField(_l("纠纷类型"), validators=[DataRequired()])
    received_on = DateField(_l("收到申请日期"), validators=[DataRequired(_l("请填写收到申请的日期")), not_in_future],
                            default=today_local)
    subject = TextAreaField(_l("争议标的（地块、专利、采购项目等）"),
                            validators=[DataRequired(_l("请填写争议标的")), Length(max=4000)])
    reference_number = StringField(_l("编号（宗地号、专利号、项目编号）"), validators=[Optional(), Length(max=100)])
    request = TextAreaField(_l("请求事项"), validators=[DataRequired(_l("请填写请求事项")), Length(max=4000)])
    facts_and_reasons = TextAreaField(_l("事实和理由"), validators=[Optional(), Length(max=20000)])
    amount = DecimalField(_l("涉及金额（元）"), places=2, validators=[Optional(), NumberRange(min=0, max=10**13)])
    applicant = FormField(PartySubForm, label=_l("申请人"))
    respondent = FormField(PartySubForm, label=_l("被申请人"))
    agent = FormField(PartySubForm, label=_l("委托代理人（可选）"))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        ok = self.applicant.form.check(required=True, identity_required=True) and ok
        ok = self.respondent.form.check(required=True, identity_required=False) and ok
        return check_sides(self.applicant.form, self.respondent.form) and ok

    def fill_choices(self, language: str):
        self.profile.choices = labelled(PROFILES, language)

    def service_data(self) -> dict:
        return {"kind": KIND, "profile": self.profile.data, "received_on": self.received_on.data,
                "subject": self.subject.data.strip(), "reference_number": self.reference_number.data or None,
                "request": self.request.data.strip(), "facts_and_reasons": (self.facts_and_reasons.data or "").strip(),
                "amount": self.amount.data, "applicants": [self.applicant.form.party()],
                "respondents": [self.respondent.form.party()], "agent": self.agent.form.party(), "third_parties": []}
