"""Was an application for reconsideration filed in time? (ARL Arts. 20-21; legal-reference §1.2-1.3)

- Art. 20(1): 60 days from the day the applicant knew or should have known of the act.
- Art. 20(2): time lost to force majeure or another good reason does not count (the period continues once the
  obstacle is removed): modelled as a pause of that many days.
- Art. 20(3): if the act did not tell the applicant of the right, the organ and the period, the 60 days run from
  when the applicant learned of them, but never beyond 1 year from knowing the act's content.
- Art. 21: never after 5 years from the act (20 years for immovable property).
- A failure to perform a statutory duty (不履行法定职责) has no act date: the 60 days run from the day the agency's
  time limit to perform ran out (ARL-IR Art. 16; without a time limit, 60 days after it received the request),
  and there is no day made for the Art. 21 bar to run from.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from caseflow.calendar.explain import explain
from caseflow.calendar.periods import DueDate, Pause, compute_due
from caseflow.calendar.rules import RuleCatalogue
from caseflow.calendar.workdays import WorkingCalendar


@dataclass
class Check:
    label: str
    label_en: str
    result: DueDate
    met: bool

    def as_dict(self) -> dict:
        return {"rule": self.result.rule.id, "label": self.label, "label_en": self.label_en,
                "start": self.result.start.isoformat(), "due_on": self.result.due_on.isoformat(),
                "met": self.met, "provisional": self.result.provisional,
                "basis": self.result.rule.basis.text("zh"), "basis_en": self.result.rule.basis.text("en"),
                "explanation": explain(self.result, "zh"), "explanation_en": explain(self.result, "en")}


def check_application(catalogue: RuleCatalogue, calendar: WorkingCalendar, *, received_on: date, known_on: date,
                      made_on: date | None, informed_of_right: bool = True, right_learned_on: date | None = None,
                      immovable_property: bool = False, obstacle_days: int = 0,
                      duty_due_on: date | None = None) -> dict:
    """Every applicable limit, whether the application met it, and the computation behind each.

    `duty_due_on` given: the act is a failure to perform a duty, and its period runs from that day (ARL-IR Art. 16).
    """
    checks: list[Check] = []
    start_of_obstacle = duty_due_on or known_on
    pauses = [Pause(start_of_obstacle, start_of_obstacle + timedelta(days=obstacle_days),
                    "不可抗力或者其他正当理由（第二十条第二款）")] if obstacle_days else []
    if duty_due_on is not None:
        result = compute_due(catalogue.get("reconsideration.application_inaction", received_on), duty_due_on,
                             calendar, pauses)
        checks.append(Check("申请期限（不履行法定职责，60日）", "Application period (failure to act, 60 days)", result,
                            received_on <= result.due_on))
    elif informed_of_right or right_learned_on:
        start = known_on if informed_of_right else right_learned_on
        result = compute_due(catalogue.get("reconsideration.application", received_on), start, calendar, pauses)
        checks.append(Check("申请期限（60日）", "Application period (60 days)", result, received_on <= result.due_on))
    if not informed_of_right and duty_due_on is None:
        result = compute_due(catalogue.get("reconsideration.application_uninformed", received_on), known_on, calendar,
                             pauses)
        checks.append(Check("未告知申请权利时最长1年", "1-year cap when not informed", result,
                            received_on <= result.due_on))
    if made_on is not None:  # Art. 21 runs from the day the act was made; a failure to act was made on no day
        rule_id = "reconsideration.absolute_limit_immovable" if immovable_property else "reconsideration.absolute_limit"
        result = compute_due(catalogue.get(rule_id, received_on), made_on, calendar)
        label = ("不动产最长20年", "20-year bar (immovable property)") if immovable_property else ("最长5年", "5-year bar")
        checks.append(Check(label[0], label[1], result, received_on <= result.due_on))
    return {"timely": all(c.met for c in checks), "received_on": received_on.isoformat(),
            "checks": [c.as_dict() for c in checks]}
