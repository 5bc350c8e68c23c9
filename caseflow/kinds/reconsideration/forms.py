"""Reconsideration's registration form (登记行政复议申请)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.cases.forms import credit_code, labelled, not_in_future, phone, resident_id
from caseflow.cases.validators import ACT_TYPES, check_credit_code, check_resident_id
from caseflow.clock import today_local
from caseflow.kinds.reconsideration.models import FAILURE_TO_ACT, KIND, RECEIPT_CHANNEL_LABELS
from caseflow.web.forms import options


class RegisterCaseForm(FlaskForm):
    received_on = DateField(_l("收到申请日期"), validators=[DataRequired(_l("请填写收到申请的日期")), not_in_future],
                            default=today_local)
    receipt_channel = SelectField(_l("申请方式"), validators=[DataRequired()])
    applicant_kind = RadioField(_l("申请人类型"), default="natural_person",
                                choices=options([("natural_person", _l("自然人")), ("organisation", _l("法人或其他组织"))]))
    applicant_name = StringField(_l("申请人姓名或名称"), validators=[DataRequired(_l("请填写申请人")), Length(max=200)])
    applicant_id_number = StringField(_l("公民身份号码"), validators=[Optional(), Length(max=18), resident_id])
    applicant_credit_code = StringField(_l("统一社会信用代码"), validators=[Optional(), Length(max=18), credit_code])
    applicant_legal_representative = StringField(_l("法定代表人"), validators=[Optional(), Length(max=100)])
    applicant_phone = StringField(_l("联系电话"), validators=[Optional(), Length(max=32), phone])
    applicant_address = StringField(_l("住所或通讯地址"), validators=[Optional(), Length(max=300)])
    agent_name = StringField(_l("委托代理人"), validators=[Optional(), Length(max=200)])
    agent_id_number = StringField(_l("代理人公民身份号码"), validators=[Optional(), Length(max=18), resident_id])
    agent_phone = StringField(_l("代理人电话"), validators=[Optional(), Length(max=32), phone])
    third_party_kind = RadioField(_l("第三人类型"), default="natural_person",
                                  choices=options([("natural_person", _l("自然人")), ("organisation", _l("法人或其他组织"))]))
    third_party_name = StringField(_l("第三人姓名或名称"), validators=[Optional(), Length(max=200)])
    third_party_number = StringField(_l("第三人公民身份号码或统一社会信用代码"), validators=[Optional(), Length(max=18)])
    respondent_agency_id = SelectField(_l("被申请人"), coerce=int, validators=[DataRequired(_l("请选择被申请人"))])
    act_type = SelectField(_l("行政行为类别"), validators=[DataRequired()])
    act_description = TextAreaField(_l("被申请的行政行为"), validators=[DataRequired(_l("请描述行政行为")), Length(max=4000)])
    act_document_number = StringField(_l("文书文号"), validators=[Optional(), Length(max=100)])
    # Required unless the act is a failure to perform a statutory duty, which was made on no day (validate()).
    act_made_on = DateField(_l("行政行为作出日期"), validators=[Optional(), not_in_future])
    act_duty_due_on = DateField(_l("履行期限届满日"), validators=[Optional(), not_in_future])
    act_known_on = DateField(_l("申请人知道该行为的日期"), validators=[DataRequired(_l("请填写知道日期")), not_in_future])
    act_informed_of_right = BooleanField(_l("行政行为已告知申请行政复议的权利、机关和期限"), default=True)
    act_immovable_property = BooleanField(_l("涉及不动产"))
    act_obstacle_days = IntegerField(_l("因不可抗力等耽误的天数"), validators=[Optional()], default=0)
    request = TextAreaField(_l("行政复议请求"), validators=[DataRequired(_l("请填写复议请求")), Length(max=4000)])
    facts_and_reasons = TextAreaField(_l("事实和理由"), validators=[Optional(), Length(max=20000)])
    oral_record_confirmed = BooleanField(_l("口头申请笔录已向申请人宣读或交其阅读，申请人确认无误并签名"))
    confirm_duplicate = BooleanField(_l("已核实，不属于重复申请，继续登记"))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.applicant_kind.data == "natural_person" and not self.applicant_id_number.data:
            self.applicant_id_number.errors.append(_l("自然人须填写公民身份号码"))
            ok = False
        if self.applicant_kind.data == "organisation" and not self.applicant_credit_code.data:
            self.applicant_credit_code.errors.append(_l("法人或其他组织须填写统一社会信用代码"))
            ok = False
        if self.third_party_name.data:
            number = (self.third_party_number.data or "").strip().upper()
            check = check_resident_id if self.third_party_kind.data == "natural_person" else check_credit_code
            problem = check(number) if number else _l("请填写第三人的证件号码")
            if problem:
                self.third_party_number.errors.append(problem)
                ok = False
        if self.receipt_channel.data == "oral":  # ARL Art. 22(3): recorded on the spot, confirmed by the applicant
            if not (self.facts_and_reasons.data or "").strip():
                self.facts_and_reasons.errors.append(_l("口头申请须当场记录申请的主要事实和理由"))
                ok = False
            if not self.oral_record_confirmed.data:
                self.oral_record_confirmed.errors.append(_l("口头申请笔录须经申请人核对确认"))
                ok = False
        made, known, received = self.act_made_on.data, self.act_known_on.data, self.received_on.data
        inaction = self.act_type.data == FAILURE_TO_ACT
        if inaction and not self.act_duty_due_on.data and not self.act_duty_due_on.errors:
            self.act_duty_due_on.errors.append(_l("不履行法定职责的，请填写履行期限届满日（《行政复议法实施条例》第十六条）"))
            ok = False
        elif inaction and self.act_duty_due_on.data and received and self.act_duty_due_on.data > received:
            self.act_duty_due_on.errors.append(_l("履行期限届满日不能晚于收到申请日期"))
            ok = False
        if not inaction and not made and not self.act_made_on.errors:
            self.act_made_on.errors.append(_l("请填写作出日期"))
            ok = False
        if made and known and known < made:  # one cannot know of an act before it is made
            self.act_known_on.errors.append(_l("知道日期不能早于行政行为作出日期"))
            ok = False
        elif known and received and known > received:  # the application names an act already known
            self.act_known_on.errors.append(_l("知道日期不能晚于收到申请日期"))
            ok = False
        if self.act_obstacle_days.data is not None and not 0 <= self.act_obstacle_days.data <= 3650:
            self.act_obstacle_days.errors.append(_l("应在0至3650之间"))
            ok = False
        return ok

    def service_data(self) -> dict:
        """The registration as caseflow.cases.services.register_case takes it."""
        person = self.applicant_kind.data == "natural_person"
        applicant = {"kind": self.applicant_kind.data, "name": self.applicant_name.data.strip(),
                     "id_number": (self.applicant_id_number.data or "").strip().upper() or None if person else None,
                     "credit_code": None if person else (self.applicant_credit_code.data or "").strip().upper() or None,
                     "legal_representative": None if person else (self.applicant_legal_representative.data or None),
                     "phone": self.applicant_phone.data or None, "address": self.applicant_address.data or None}
        agent = None
        if self.agent_name.data:
            agent = {"kind": "natural_person", "name": self.agent_name.data.strip(),
                     "id_number": (self.agent_id_number.data or "").strip().upper() or None,
                     "phone": self.agent_phone.data or None}
        return {
            "kind": KIND, "received_on": self.received_on.data, "receipt_channel": self.receipt_channel.data,
            "respondent_agency_id": self.respondent_agency_id.data, "request": self.request.data.strip(),
            "facts_and_reasons": (self.facts_and_reasons.data or "").strip(), "applicants": [applicant],
            "agent": agent, "third_parties": self._third_parties(),
            "oral_record_confirmed": bool(self.oral_record_confirmed.data) and self.receipt_channel.data == "oral",
            "act": {"act_type": self.act_type.data, "description": self.act_description.data.strip(),
                    "document_number": self.act_document_number.data or None, "made_on": self.act_made_on.data,
                    "duty_due_on": self.act_duty_due_on.data if self.act_type.data == FAILURE_TO_ACT else None,
                    "known_on": self.act_known_on.data, "informed_of_right": bool(self.act_informed_of_right.data),
                    "immovable_property": bool(self.act_immovable_property.data),
                    "obstacle_days": self.act_obstacle_days.data or 0},
        }

    def _third_parties(self) -> list[dict]:
        if not self.third_party_name.data:
            return []
        number = (self.third_party_number.data or "").strip().upper()
        person = self.third_party_kind.data == "natural_person"
        return [{"kind": self.third_party_kind.data, "name": self.third_party_name.data.strip(),
                 "id_number": number if person else None, "credit_code": None if person else number}]

    def fill_choices(self, agencies, language: str):
        self.receipt_channel.choices = options((k.value, en if language == "en" else zh)
                                               for k, (zh, en) in RECEIPT_CHANNEL_LABELS.items())
        self.act_type.choices = labelled(ACT_TYPES, language)
        self.respondent_agency_id.choices = options([(0, _l("— 请选择 —"))] + [(a.id, a.name) for a in agencies])
