"""Administrative mediation's registration form (登记调解申请)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, FormField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from caseflow.cases.forms import PartySubForm, check_sides, labelled, not_in_future
from caseflow.clock import today_local
from caseflow.kinds.mediation.models import DISPUTE_CATEGORIES, KIND, SOURCES


class RegisterMediationForm(FlaskForm):
    received_on = DateField(_l("收到申请日期"), validators=[DataRequired(_l("请填写收到申请的日期")), not_in_future],
                            default=today_local)
    source = SelectField(_l("案件来源"), validators=[DataRequired()])
    source_body = StringField(_l("移送单位（移送案件）"), validators=[Optional(), Length(max=200)])
    source_reference = StringField(_l("移送单位案号"), validators=[Optional(), Length(max=100)])
    linked_docket = StringField(_l("原案件案号（分流案件）"), validators=[Optional(), Length(max=64)])
    dispute_category = SelectField(_l("纠纷类别"), validators=[DataRequired()])
    dispute_summary = TextAreaField(_l("纠纷简要情况"), validators=[DataRequired(_l("请填写纠纷情况")), Length(max=8000)])
    request = TextAreaField(_l("调解请求"), validators=[DataRequired(_l("请填写调解请求")), Length(max=4000)])
    amount_in_dispute = DecimalField(_l("争议金额（元）"), places=2,
                                     validators=[Optional(), NumberRange(min=0, max=10**12)])
    persons_involved = IntegerField(_l("涉及人数"), validators=[Optional(), NumberRange(min=1, max=100000)])
    applicant = FormField(PartySubForm, label=_l("申请人"))
    respondent = FormField(PartySubForm, label=_l("被申请人（对方当事人）"))
    agent = FormField(PartySubForm, label=_l("委托代理人（可选）"))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        ok = self.applicant.form.check(required=True, identity_required=True) and ok
        ok = self.respondent.form.check(required=True, identity_required=False) and ok
        ok = check_sides(self.applicant.form, self.respondent.form) and ok
        if self.source.data == "split_from_case" and not self.linked_docket.data:
            self.linked_docket.errors.append(_l("分流案件须注明原案件案号"))
            ok = False
        if (self.source.data or "").startswith("referral") and not self.source_body.data:
            self.source_body.errors.append(_l("移送案件须注明移送单位"))
            ok = False
        return ok

    def fill_choices(self, language: str):
        self.source.choices = labelled(SOURCES, language)
        self.dispute_category.choices = labelled(DISPUTE_CATEGORIES, language)

    def service_data(self, linked_case_id: int | None) -> dict:
        agent = self.agent.form.party()
        return {
            "kind": KIND, "received_on": self.received_on.data, "source": self.source.data,
            "source_body": self.source_body.data or None, "source_reference": self.source_reference.data or None,
            "linked_case_id": linked_case_id, "dispute_category": self.dispute_category.data,
            "dispute_summary": self.dispute_summary.data.strip(), "request": self.request.data.strip(),
            "amount_in_dispute": self.amount_in_dispute.data, "persons_involved": self.persons_involved.data,
            "applicants": [self.applicant.form.party()], "respondents": [self.respondent.form.party()],
            "agent": agent, "third_parties": [],
        }
