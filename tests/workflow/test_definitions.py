"""Workflow definitions are validated at start-up; a broken one stops the app with a clear message."""
import shutil
from pathlib import Path

import pytest
import yaml

from caseflow import create_app
from caseflow.calendar.rules import RuleError, load_catalogue
from caseflow.workflow.definitions import WorkflowError, load_workflows

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"


def kinds():
    from flask import current_app

    return current_app.extensions["caseflow.kinds"]


def test_the_shipped_workflows_load():
    rules = load_catalogue(WORKFLOWS)
    registry = load_workflows(WORKFLOWS, rules, kinds())
    wf = registry.get("reconsideration")
    required = {"request_supplement", "receive_supplement", "accept", "reject", "forward_copy", "receive_reply",
                "schedule_hearing", "suspend", "resume", "extend", "decide", "issue_mediation", "withdraw",
                "terminate", "record_performance"}
    assert required <= set(wf.transitions)


def test_every_rule_of_the_acceptance_file_and_the_issue_exists():
    import json

    rules = load_catalogue(WORKFLOWS)
    needed = {"reconsideration.application", "reconsideration.acceptance_review",
              "reconsideration.supplement_notice", "reconsideration.supplement", "reconsideration.forward_copy",
              "reconsideration.reply", "reconsideration.forward_copy_simplified", "reconsideration.reply_simplified",
              "reconsideration.decision", "reconsideration.decision_simplified", "reconsideration.decision_extension",
              "reconsideration.hearing_notice", "reconsideration.opinion_report",
              "reconsideration.suspension_termination", "litigation.after_decision", "mediation.time_limit",
              "mediation.judicial_confirmation", "adjudication.procurement.decision"}
    examples = json.loads((Path(__file__).resolve().parents[1] / "calendar" / "deadlines.json").read_text("utf-8"))
    needed |= {e["rule"] for e in examples}
    assert needed <= set(rules.ids())
    for rule in rules.latest():
        assert rule.basis.law and rule.basis.article and rule.applies_from


def broken(tmp_path, edit):
    target = tmp_path / "workflows"
    shutil.copytree(WORKFLOWS, target)
    doc = yaml.safe_load((target / "reconsideration.yaml").read_text("utf-8"))
    edit(doc)
    (target / "reconsideration.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    return target


def transition(doc, name):
    return next(t for t in doc["transitions"] if t["name"] == name)


def _drop_state(doc, state, into):
    """Remove `state`, the transition `into` it, and the records that stay in it."""
    doc["transitions"].remove(transition(doc, into))
    doc["states"].pop(state)
    for t in doc["transitions"]:
        t["from"] = [s for s in t["from"] if s != state]


@pytest.mark.parametrize("edit, message", [
    (lambda d: transition(d, "accept").update(to="acepted"), "unknown target state 'acepted'"),
    (lambda d: transition(d, "accept").update({"from": ["nowhere"]}), "unknown source state 'nowhere'"),
    (lambda d: transition(d, "accept").update(roles=["janitor"]), "unknown roles ['janitor']"),
    (lambda d: d["states"].update(limbo={"title": "悬置"}), "unreachable states ['limbo']"),
    (lambda d: _drop_state(d, "performed", "record_performance"), "non-final state 'mediated' has no way out"),
    (lambda d: transition(d, "record_suit").update(to="in_review"),
     "has transitions out: ['record_suit']"),
    (lambda d: transition(d, "accept")["clocks"].append({"action": "start", "rule": "no.such.rule"}),
     "clock rule 'no.such.rule' does not exist"),
    (lambda d: transition(d, "extend")["guards"].append("moon_is_full"), "unknown guard 'moon_is_full'"),
    (lambda d: transition(d, "accept").update(sets={"docket_number": "@on"}), "cannot set case attribute"),
    (lambda d: transition(d, "accept").update(sets={"accepted_on": "@tomorrow"}), "unknown value '@tomorrow'"),
    (lambda d: transition(d, "accept").update(sets={"accepted_on": "data.when"}), "undeclared field 'data.when'"),
    (lambda d: transition(d, "accept").update(effect="launch_rocket"), "unknown effect 'launch_rocket'"),
    (lambda d: d.update(kind="taxation"), "kind 'taxation' is not a configured case kind"),
    (lambda d: d.update(initial="nowhere"), "initial state 'nowhere'"),
    (lambda d: transition(d, "accept")["clocks"].append({"action": "explode", "rule": "reconsideration.reply"}),
     "clock action must be one of"),
])
def test_broken_definitions_are_refused(tmp_path, edit, message):
    target = broken(tmp_path, edit)
    with pytest.raises((WorkflowError, RuleError)) as info:
        load_workflows(target, load_catalogue(target), kinds())
    assert message in str(info.value)
    assert "reconsideration.yaml" in str(info.value)


def test_the_app_refuses_to_start_with_a_broken_workflow(tmp_path):
    target = broken(tmp_path, lambda d: transition(d, "accept").update(to="acepted"))
    with pytest.raises(WorkflowError, match="acepted"):
        create_app("testing", WORKFLOWS_DIR=str(target))


def test_a_broken_rule_is_refused(tmp_path):
    target = tmp_path / "workflows"
    shutil.copytree(WORKFLOWS, target)
    doc = yaml.safe_load((target / "mediation.yaml").read_text("utf-8"))
    doc["rules"][0]["unit"] = "fortnights"
    (target / "mediation.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    with pytest.raises(RuleError, match="unit must be one of"):
        load_catalogue(target)


def test_only_the_approving_roles_approve(app):
    """The approvals' routes admit APPROVAL_ROLES to decide: every role a workflow names in `approval.by` is one."""
    from caseflow.auth.policies import APPROVAL_ROLES

    named = {role for workflow in app.extensions["caseflow.workflows"].workflows.values()
             for t in workflow.transitions.values() if t.approval for role in t.approval.by}
    assert named and named <= APPROVAL_ROLES
