"""Finding 7 and hardening: security headers on every response, no-store on everything that is not a static file,
no inline script anywhere, and no debugger or stack trace in production."""
import re
from pathlib import Path

import pytest

from caseflow import create_app

ROOT = Path(__file__).resolve().parents[2] / "caseflow"


def _assert_hardened(response):
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'" and "'unsafe-inline'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_and_api_answers_carry_the_headers_and_are_not_cached(browser, api, office_team, team_case):
    b = browser(office_team["clerk"])
    for response in (b.get("/login"), b.get(f"/cases/{team_case['id']}"), b.get("/cases/export.xlsx"),
                     api(office_team["clerk"]).get(f"/api/v1/cases/{team_case['id']}"), b.get("/api/v1/docs")):
        assert response.status_code == 200
        _assert_hardened(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    with client.get("/static/caseflow.css") as response:
        assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", "")
        _assert_hardened(response)


def test_no_template_holds_an_inline_script_or_event_handler():
    offending = []
    for template in ROOT.rglob("templates/**/*.html"):
        text = template.read_text("utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offending.append(f"{template.relative_to(ROOT)}: {tag}")
        offending += [f"{template.relative_to(ROOT)}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offending += [f"{template.relative_to(ROOT)}: javascript:" for _ in re.findall(r"javascript:", text)]
    assert offending == []


def test_the_api_docs_page_starts_from_a_static_file(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "/static/swagger-init.js" in html and 'data-spec-url="/api/v1/openapi.json"' in html


@pytest.fixture
def production(monkeypatch, database_url, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "p" * 40)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    return monkeypatch


def test_production_shows_no_stack_trace(production):
    app = create_app("production")

    @app.route("/boom")
    def boom():
        raise ZeroDivisionError("secret detail")

    from caseflow.auth.access import public

    public(boom)
    assert not app.debug
    response = app.test_client().get("/boom")
    text = response.get_data(as_text=True)
    assert response.status_code == 500 and "Traceback" not in text and "secret detail" not in text
    assert "系统出现错误" in text


def test_production_refuses_the_debugger(production):
    production.setenv("FLASK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="FLASK_DEBUG"):
        create_app("production")


def test_production_refuses_demo_data(production):
    app = create_app("production")
    with app.app_context():  # the test's own app context would otherwise be the one the command sees
        result = app.test_cli_runner().invoke(args=["caseflow", "seed-demo"])
    assert result.exit_code == 2 and "refused in production" in result.output
