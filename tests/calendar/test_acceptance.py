"""Every example of ../shared/acceptance/deadlines.json, through the engine, the CLI and the API."""
import json
from datetime import date
from pathlib import Path

import pytest

from caseflow.calendar.periods import Extension, Pause, compute_due
from caseflow.calendar.services import current_calendar, get_catalogue
from caseflow.cli import caseflow_cli

ACCEPTANCE = Path(__file__).resolve().parents[2].parent / "shared" / "acceptance" / "deadlines.json"
if not ACCEPTANCE.exists():  # CI clones main with shared/ beside it; a lone checkout keeps a copy under tests/
    ACCEPTANCE = Path(__file__).resolve().parent / "deadlines.json"
EXAMPLES = json.loads(ACCEPTANCE.read_text(encoding="utf-8"))
IDS = [f"{e['rule']}@{e['start']}" for e in EXAMPLES]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_engine(example):
    rule = get_catalogue().get(example["rule"])
    pauses = [Pause(date.fromisoformat(p["from"]), date.fromisoformat(p["to"])) for p in example.get("pauses", [])]
    extensions = [Extension(example["extension_days"])] if example.get("extension_days") else []
    result = compute_due(rule, date.fromisoformat(example["start"]), current_calendar(), pauses, extensions)
    assert result.due_on.isoformat() == example["due_on"]
    assert result.provisional is False


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_cli(app, example):
    args = ["deadline", example["rule"], example["start"]]
    for p in example.get("pauses", []):
        args += ["--pause", f"{p['from']}:{p['to']}"]
    if example.get("extension_days"):
        args += ["--extend", str(example["extension_days"])]
    result = app.test_cli_runner().invoke(caseflow_cli, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == example["due_on"]
    assert lines[1] != "provisional" and lines[1].startswith("规则")


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_api(api, make, db, example):
    user = make.user("clerk")
    db.session.commit()
    query = [("rule", example["rule"]), ("start", example["start"])]
    query += [("pause", f"{p['from']}:{p['to']}") for p in example.get("pauses", [])]
    if example.get("extension_days"):
        query.append(("extend", example["extension_days"]))
    response = api(user).get("/api/v1/deadlines/compute", query_string=query)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["due_on"] == example["due_on"]
    assert body["rule"] == example["rule"] and body["start"] == example["start"]
    assert body["provisional"] is False and body["basis"] and body["explanation"]
    assert {"unit", "count"} <= set(body)


def test_acceptance_file_matches_the_copy_in_tests():
    copy = Path(__file__).resolve().parent / "deadlines.json"
    assert json.loads(copy.read_text(encoding="utf-8")) == EXAMPLES
