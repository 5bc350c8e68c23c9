"""Start-up, configuration, migrations and route access declarations."""
import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from caseflow import create_app
from caseflow.extensions import db as _db

PUBLIC_ENDPOINTS = {"static", "api-docs.openapi_json", "api-docs.openapi_swagger_ui"}


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index ix_case_search")
def test_models_and_migrations_agree(app, db):
    """No autogenerate drift: what the models declare is what the migrations built (but the search index's own
    objects, caseflow.cases.search)."""
    from caseflow.cases.search import outside_the_models

    with _db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": outside_the_models})
        diff = compare_metadata(context, _db.metadata)
    assert diff == []


def test_every_route_declares_who_may_use_it(app):
    """Who (anonymous, or which roles) and which objects (SCOPES): declared on every method of every route."""
    from caseflow.security.policy import routes

    undeclared = [f"{route.method} {route.rule}" for route in routes(app) if route.policy is None]
    assert undeclared == []
    assert {route.endpoint for route in routes(app) if route.policy.public} >= PUBLIC_ENDPOINTS


def test_production_refuses_to_start_without_secrets(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1/none")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("DATABASE_URL")
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app("production")


def test_unknown_environment_is_refused():
    with pytest.raises(RuntimeError, match="Unknown CASEFLOW_ENV"):
        create_app("staging")


def test_a_fresh_database_computes_deadlines_with_no_further_step(app, db):
    from caseflow.calendar.models import CalendarDay

    assert db.session.scalar(sa.select(sa.func.count(CalendarDay.day))) > 20000


def test_api_errors_never_leak_a_stack_trace(client):
    response = client.get("/api/v1/nowhere")
    assert response.status_code == 404 and response.json["code"] == 404
    assert "Traceback" not in response.get_data(as_text=True)


def test_environment_default_is_development(monkeypatch):
    monkeypatch.delenv("CASEFLOW_ENV", raising=False)
    from config import get_config

    assert get_config().__name__ == "DevelopmentConfig"
    assert os.environ.get("CASEFLOW_ENV") is None
