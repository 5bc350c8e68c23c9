"""Reconsideration's rules at registration (ARL Arts. 20-22) and its computed values (Art. 30(3))."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from marshmallow import Schema

from caseflow.calendar.services import current_calendar, get_catalogue
from caseflow.cases.kinds import Effect
from caseflow.cases.models import Party
from caseflow.cases.validators import check_credit_code, check_resident_id
from caseflow.clock import today_local
from caseflow.deadlines import queries as deadline_queries
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.kinds.reconsideration.models import FAILURE_TO_ACT, ContestedAct, ReconsiderationCase
from caseflow.kinds.reconsideration.timeliness import check_application
from caseflow.organisations.models import RespondentAgency
from caseflow.serving import services as serving


def build_case(data: dict, actor) -> ReconsiderationCase:
    """An application (R1 of legal-reference §4.3): the act's dates, the respondent, the application period."""
    today = today_local()
    act = data["act"]
    errors = check_act_dates(act, data["received_on"], today)
    agency = db.session.get(RespondentAgency, data["respondent_agency_id"])
    if agency is None or not agency.active:
        errors["respondent_agency_id"] = ["被申请人不在登记的行政机关名录中"]
    if errors:
        raise ValidationFailed("the application has invalid fields", errors=errors)
    try:
        timeliness = application_timeliness(data["received_on"], act)
    except ValueError as exc:
        raise ValidationFailed(str(exc), errors={"act.known_on": [str(exc)]}) from None
    case = ReconsiderationCase(
        procedure="ordinary", receipt_channel=data["receipt_channel"], respondent_agency_id=agency.id,
        request=data["request"], facts_and_reasons=data.get("facts_and_reasons", ""), timeliness=timeliness,
        oral_record_confirmed=bool(data.get("oral_record_confirmed")))
    for role, entries in (("applicant", data["applicants"]), ("third_party", data.get("third_parties") or []),
                          ("agent", [data["agent"]] if data.get("agent") else [])):
        for p in entries:
            case.parties.append(Party(role=role, **p))
    values = {k: v for k, v in act.items() if k != "right_learned_on"}
    if act.get("act_type") != FAILURE_TO_ACT:
        values["duty_due_on"] = None  # only a failure to act has a duty's time limit
    case.act = ContestedAct(**values)
    return case


def check_act_dates(act: dict, received_on: date, today: date) -> dict:
    """The act's dates, as {field: [message]}: an act date unless the act is a failure to perform a statutory duty,
    which has none and gives instead the day the duty's time limit ran out (ARL-IR Art. 16); one cannot know of an
    act before it was made, nor apply about one not yet known."""
    errors = {}
    made, known = act.get("made_on"), act["known_on"]
    if act.get("act_type") == FAILURE_TO_ACT:
        duty = act.get("duty_due_on")
        if duty is None:
            errors["act.duty_due_on"] = ["不履行法定职责的，须填写履行期限届满日（《行政复议法实施条例》第十六条）"]
        elif duty > received_on:
            errors["act.duty_due_on"] = ["履行期限届满日不能晚于收到申请的日期：期限未满，尚不构成不履行法定职责"]
    elif made is None:
        errors["act.made_on"] = ["请填写行政行为作出日期（仅不履行法定职责的可不填）"]
    if made is not None and made > today:
        errors["act.made_on"] = ["行政行为作出日期不能晚于今天"]
    if made is not None and known < made:
        errors["act.known_on"] = ["知道行政行为的日期不能早于行为作出日期"]
    if known > received_on:
        errors["act.known_on"] = ["知道行政行为的日期不能晚于收到申请的日期"]
    return errors


def application_timeliness(received_on: date, act: dict) -> dict:
    """ARL Arts. 20-21 for this application (see caseflow.kinds.reconsideration.timeliness); a failure to act
    runs from the end of the duty's time limit (ARL-IR Art. 16)."""
    inaction = act.get("act_type") == FAILURE_TO_ACT
    return check_application(
        get_catalogue(), current_calendar(), received_on=received_on, known_on=act["known_on"],
        made_on=act.get("made_on"), informed_of_right=act.get("informed_of_right", True),
        right_learned_on=act.get("right_learned_on"), immovable_property=act.get("immovable_property", False),
        obstacle_days=act.get("obstacle_days", 0), duty_due_on=act.get("duty_due_on") if inaction else None)


def find_possible_duplicates(office_id: int, applicant_keys: list[str], agency_id: int, document_number: str | None,
                             exclude_case_id: int | None = None) -> list[ReconsiderationCase]:
    """Cases of the same applicant against the same agency (and act number, when given): ARL Art. 22(4)."""
    keys = [k for k in applicant_keys if k]
    if not keys:
        return []
    q = (sa.select(ReconsiderationCase).join(Party).join(ContestedAct)
         .where(ReconsiderationCase.office_id == office_id, ReconsiderationCase.respondent_agency_id == agency_id,
                Party.role == "applicant",
                sa.or_(Party.id_number.in_(keys), Party.credit_code.in_(keys), Party.name.in_(keys))))
    if document_number:
        q = q.where(ContestedAct.document_number == document_number)
    if exclude_case_id:
        q = q.where(ReconsiderationCase.id != exclude_case_id)
    return list(db.session.scalars(q.distinct().order_by(ReconsiderationCase.id)))


def acceptance_date(case: ReconsiderationCase, on: date, data: dict) -> date:
    """The legal acceptance date: the day of acceptance, or, when the review period had already run out, its
    last day: an application not refused in time is deemed accepted then (ARL Art. 30(3); legal-reference §4.3 R8).
    """
    review = deadline_queries.open_for_rules(case.id, ["reconsideration.acceptance_review"])
    due = review[-1].due_on if review else None
    return due if due is not None and on > due else on


def finality_date(case, on: date, data: dict) -> date:
    """R30: the decision is final from the day after the applicant's time to sue ran out unused."""
    window = deadline_queries.latest_for_rules(case.id, ["litigation.after_decision"])
    return window.due_on + timedelta(days=1)


def after_settlement(case, on: date, data: dict) -> bool:
    """A withdrawal after the parties settled (ARL Art. 74) counts in the 调撤率 apart from other withdrawals."""
    return bool(data.get("after_settlement"))


def decision_served_on(case, on: date, data: dict) -> date:
    """ARL Art. 75(2): a decision takes effect on service; CaseFlow dates it from the last party's receipt
    (legal-reference §4.3 R26), so each party's own clocks still run from its own receipt."""
    return max(serving.receipts_given(data))


def _check_third_party(case, data: dict, on: date) -> dict:
    """ARL Art. 16: a third party is identified like a party (a valid ID or credit code when given) and is not
    already on the case."""
    errors = {}
    person = data.get("third_party_kind") == "natural_person"
    number, other = ("id_number", "credit_code") if person else ("credit_code", "id_number")
    if data.get(other):
        errors[other] = ["自然人填写公民身份号码，组织填写统一社会信用代码"]
    value = (data.get(number) or "").strip().upper()
    problem = (check_resident_id if person else check_credit_code)(value) if value else None
    if problem:
        errors[number] = [problem]
    name = (data.get("third_party_name") or "").strip()
    if any(p.name == name and p.role in ("applicant", "third_party") for p in case.parties):
        errors["third_party_name"] = [f"{name}已是本案当事人"]
    return errors


def _add_third_party(case, data: dict, event, actor, on: date) -> None:
    person = data["third_party_kind"] == "natural_person"
    number = (data.get("id_number" if person else "credit_code") or "").strip().upper() or None
    case.parties.append(Party(role="third_party", kind=data["third_party_kind"], name=data["third_party_name"].strip(),
                              id_number=number if person else None, credit_code=None if person else number))


class NoStructuredInput(Schema):
    """The third party's details are the transition's own fields; nothing nested."""


ADD_THIRD_PARTY = Effect("add_third_party", NoStructuredInput, _add_third_party, _check_third_party, None,
                         lambda form: {})
