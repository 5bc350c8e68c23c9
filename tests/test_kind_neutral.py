"""The engine is kind-neutral: no shared module names a kind, and a new kind needs only its package, its
workflow file and one entry in the CASE_KINDS setting."""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
KIND_PACKAGES = ROOT / "caseflow" / "kinds"


def _kinds() -> dict[str, str]:
    """Every kind named by a workflow file: its id and its Chinese title."""
    out = {}
    for path in (ROOT / "workflows").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text("utf-8"))
        if "kind" in doc:  # a file of rules only (agreements.yaml) belongs to no kind
            out[doc["kind"]] = doc["title"]
    return out


# Above the kinds, like the kinds' own packages, sits the layer that reports on named kinds: the national
# statistics count reconsiderations, mediations and adjudications by name (legal reference §6). It reads the
# engine; the engine never reads it (.importlinter). Documents and publication take their kinds' own parts from
# the kinds (CaseKind.documents, CaseKind.publication) and stay neutral.
REPORTING_PACKAGES = [ROOT / "caseflow" / "statistics"]


def _shared(pattern: str) -> list[Path]:
    return [p for p in (ROOT / "caseflow").rglob(pattern)
            if not any(package in p.parents for package in (KIND_PACKAGES, *REPORTING_PACKAGES))]


def _code_strings_and_imports(tree: ast.AST):
    """String constants that are not docstrings, and the modules imported."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield "string", node.value
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield "import", node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield "import", alias.name


def test_no_shared_module_or_template_names_a_kind():
    kinds = _kinds()
    assert {"reconsideration", "mediation", "adjudication"} <= set(kinds)
    words = re.compile(r"\b(" + "|".join(map(re.escape, kinds)) + r")\b")
    titles = re.compile("|".join(map(re.escape, kinds.values())))
    found = []
    for path in _shared("*.py"):
        for what, text in _code_strings_and_imports(ast.parse(path.read_text("utf-8"))):
            if what == "import" and text.startswith("caseflow.kinds."):
                found.append(f"{path.relative_to(ROOT)} imports {text}")
            elif what == "string" and (words.search(text) or titles.search(text)):
                found.append(f"{path.relative_to(ROOT)}: {text!r}")
    for path in _shared("*.html"):
        text = re.sub(r"\{#.*?#\}", "", path.read_text("utf-8"), flags=re.S)  # comments are prose
        for match in list(words.finditer(text)) + list(titles.finditer(text)):
            found.append(f"{path.relative_to(ROOT)}: {match.group(0)!r}")
    assert found == []


ADD_A_KIND = r"""
import json, shutil, sys, tempfile
from datetime import date
from pathlib import Path

folder = Path(tempfile.mkdtemp(prefix="caseflow-kind-"))
shutil.copytree("workflows", folder / "workflows")
shutil.copy("tests/toy_kind/petition.yaml", folder / "workflows")

from caseflow import create_app
from config import BaseConfig

app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/kind.db",
                 WORKFLOWS_DIR=str(folder / "workflows"), CASE_KINDS=BaseConfig.CASE_KINDS + ("tests.toy_kind",))
out = {}
with app.app_context():
    from flask_migrate import upgrade
    upgrade()
    from caseflow.auth.services import create_user
    from caseflow.extensions import db
    from caseflow.organisations.services import create_office
    from tests.toy_kind import PetitionCase, PetitionNote
    PetitionCase.__table__.create(db.engine)  # the kind's own migration would do this
    PetitionNote.__table__.create(db.engine)
    office = create_office("乡", "某乡人民政府", "township")
    create_user("clerk", "承办人", "correct-horse-battery", office, ["clerk"])
    db.session.commit()
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "clerk", "password": "correct-horse-battery"})
    h = {"Authorization": "Bearer " + token.json["token"]}
    body = {"kind": "petition", "received_on": "2025-09-01", "subject": "道路修缮",
            "petitioners": [{"kind": "natural_person", "name": "王五", "id_number": "11010519491231002X"}]}
    created = client.post("/api/v1/cases", json=body, headers=h)
    out["created"] = [created.status_code, created.json.get("docket_number"), created.json.get("subject"),
                      [(d["rule_id"], d["due_on"]) for d in created.json.get("deadlines", [])]]
    case_id = created.json["id"]
    empty = client.post(f"/api/v1/cases/{case_id}/transitions", headers=h,
                        json={"transition": "answer", "version": 1, "on": "2025-10-10", "data": {"notes": []}})
    out["empty"] = [empty.status_code, empty.json.get("errors")]
    answered = client.post(f"/api/v1/cases/{case_id}/transitions", headers=h, json={
        "transition": "answer", "version": 1, "on": "2025-10-10", "data": {"notes": ["已电话答复", "已书面答复"]}})
    case = answered.json["case"]
    out["answered"] = [answered.status_code, case["state"], case["closed_on"], case["answered_on"],
                       answered.json["event"]["payload"], [n.text for n in db.session.query(PetitionNote)]]
    listed = client.get("/api/v1/cases?kind=petition", headers=h).json
    out["listed"] = [(c["kind"], c["subject"], c["kind_title"]) for c in listed]
    out["kinds"] = [k["name"] for k in client.get("/api/v1/cases/kinds", headers=h).json]
    spec = client.get("/api/v1/openapi.json").json
    out["documented"] = "PetitionCreateSchema" in spec["components"]["schemas"]
    import re
    login = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', login).group(1)
    client.post("/login", data={"username": "clerk", "password": "correct-horse-battery", "csrf_token": csrf})
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    out["page"] = ["乡信〔2025〕1号" in page, "王五" in page, "信访人" in page, "信访事项" in page]
print(json.dumps(out, ensure_ascii=False))
"""


def test_adding_a_kind_takes_its_package_its_workflow_and_one_setting():
    """tests/toy_kind is a kind the engine has never heard of; run in its own interpreter so its table stays
    out of this process's metadata."""
    done = subprocess.run([sys.executable, "-c", ADD_A_KIND], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["created"] == [201, "乡信〔2025〕1号", "道路修缮", [["petition.answer", "2025-10-31"]]]
    assert out["empty"][0] == 422 and "notes" in out["empty"][1]["json"]["data"]
    assert out["answered"] == [200, "answered", "2025-10-10", "2025-10-10", {"notes": ["已电话答复", "已书面答复"]},
                               ["已电话答复", "已书面答复"]]
    assert out["listed"] == [["petition", "道路修缮", "信访事项"]]
    assert "petition" in out["kinds"] and out["documented"] is True
    assert out["page"] == [True, True, True, True]  # its case page: docket, party under its kind's role title
