"""CaseFlow: case management for a judicial bureau's administrative reconsideration, mediation and adjudication."""
from __future__ import annotations

from flask import Flask

from config import get_config


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Application factory. `config_name` picks a class in config/ (default: $CASEFLOW_ENV or development)."""
    app = Flask(__name__, instance_relative_config=True)
    config = get_config(config_name)
    if hasattr(config, "validate"):
        config.validate()
    app.config.from_object(config)
    app.config.update(overrides)
    app.json.ensure_ascii = False  # the JSON API answers in UTF-8 text, not \uXXXX escapes (issue 9)
    # The domain first: a broken workflow stops start-up before the process-wide extensions (the OpenAPI document
    # among them) are bound to an app that will never serve.
    register_domain(app)
    register_extensions(app)
    from caseflow.ops import logs

    logs.init_app(app)
    register_security(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from pathlib import Path

    import caseflow.models  # noqa: F401  (registers every table)
    from caseflow.extensions import api, babel, csrf, db, login_manager, migrate
    from caseflow.i18n import select_locale
    from caseflow.schemas import numeric_bounds

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///") and ":memory:" not in app.config[
            "SQLALCHEMY_DATABASE_URI"]:
        Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id):
        from caseflow.auth.services import user_for_session

        return user_for_session(session_id)  # None once the user signed out or changed password

    babel.init_app(app, locale_selector=select_locale)
    api.init_app(app, spec_kwargs={"components": {"securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer"}}}})
    api.ma_plugin.converter.add_attribute_function(numeric_bounds)
    _sqlite_pragmas(app, db)


def _sqlite_pragmas(app, db):
    import sqlalchemy as sa

    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            return

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            # Let SQLAlchemy, not pysqlite, decide when transactions begin: SAVEPOINTs and
            # SELECT-then-UPDATE then behave as on PostgreSQL (SQLAlchemy's documented pysqlite recipe).
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN")


def register_security(app: Flask) -> None:
    """Hooks every request passes (SECURITY.md); before the blueprints, whose routes use its URL converter."""
    from caseflow import security

    security.init_app(app)


def register_domain(app: Flask) -> None:
    """Load the rule catalogue, the case kinds and their workflows; a broken definition stops start-up here."""
    from caseflow.auth.models import Role
    from caseflow.calendar.rules import load_catalogue
    from caseflow.calendar.services import calendar_changed
    from caseflow.casefile.restore import case_imported
    from caseflow.cases.kinds import load_kinds
    from caseflow.cases.services import case_changed, on_calendar_changed
    from caseflow.publication.services import on_case_changed as start_publication
    from caseflow.statistics.tally import on_case_imported  # also the summary table's flush hook
    from caseflow.supervision.definitions import load_supervision
    from caseflow.supervision.services import on_case_changed
    from caseflow.workflow.definitions import load_workflows

    rules = load_catalogue(app.config["WORKFLOWS_DIR"])
    app.extensions["caseflow.rules"] = rules
    kinds = load_kinds(app.config["CASE_KINDS"])
    app.extensions["caseflow.kinds"] = kinds
    app.extensions["caseflow.workflows"] = load_workflows(app.config["WORKFLOWS_DIR"], rules, kinds)
    app.extensions["caseflow.supervision"] = load_supervision(
        app.config["WORKFLOWS_DIR"], rules, app.extensions["caseflow.workflows"], {r.value for r in Role})
    calendar_changed.connect(on_calendar_changed)
    case_changed.connect(on_case_changed)
    case_changed.connect(start_publication)
    case_imported.connect(on_case_imported)


def register_blueprints(app: Flask) -> None:
    from caseflow.approvals.api import blp as approvals_api
    from caseflow.auth.api import blp as auth_api
    from caseflow.auth.api import users_blp as users_api
    from caseflow.calendar.api import blp as deadlines_api
    from caseflow.casefile.api import blp as casefile_api
    from caseflow.cases.api import blp as cases_api
    from caseflow.extensions import api, csrf
    from caseflow.organisations.api import blp as agencies_api
    from caseflow.publication.api import blp as public_api
    from caseflow.security.api import blp as personal_data_api
    from caseflow.statistics.api import blp as stats_api
    from caseflow.supervision.api import blp as notices_api

    for blp in (auth_api, users_api, cases_api, casefile_api, approvals_api, notices_api, deadlines_api, agencies_api,
                personal_data_api, stats_api, public_api):
        api.register_blueprint(blp)
        csrf.exempt(blp)  # the API authenticates with bearer tokens, never with the session cookie

    from caseflow.approvals.views import bp as approvals_web
    from caseflow.auth.views import bp as auth_web
    from caseflow.calendar.views import bp as calendar_web
    from caseflow.casefile.views import bp as casefile_web
    from caseflow.cases.views import bp as cases_web
    from caseflow.documents.views import bp as documents_web
    from caseflow.ops.health import bp as ops_web
    from caseflow.organisations.views import bp as agencies_web
    from caseflow.publication.public import bp as public_web
    from caseflow.publication.views import bp as publication_web
    from caseflow.settlement.views import bp as settlement_web
    from caseflow.statistics.views import bp as statistics_web
    from caseflow.supervision.views import bp as supervision_web
    from caseflow.web import filters

    for bp in (auth_web, cases_web, approvals_web, calendar_web, agencies_web, settlement_web, supervision_web,
               statistics_web, documents_web, publication_web, public_web, ops_web, casefile_web):
        app.register_blueprint(bp)
    for kind in app.extensions["caseflow.kinds"].values():
        if kind.blueprint is not None:
            app.register_blueprint(kind.blueprint)
    document_kinds(app)
    filters.register(app)


def document_kinds(app: Flask) -> None:
    """Put each kind's registration body and fields into the OpenAPI document (the views dump them at run time)."""
    from caseflow.extensions import api

    spec = api.spec
    kinds = app.extensions["caseflow.kinds"].values()
    for kind in kinds:
        spec.components.schema(kind.create_schema.__name__, schema=kind.create_schema)
    # apispec's to_dict() hands out its own dicts: completing them completes the served document.
    document = spec.to_dict()
    for component, part in (("CaseSummary", "summary_schema"), ("Case", "detail_schema")):
        properties = document["components"]["schemas"][component]["properties"]
        for kind in kinds:
            for name, field in getattr(kind, part)().fields.items():
                properties.setdefault(name, api.ma_plugin.converter.field2property(field))
    body = document["paths"]["/api/v1/cases"]["post"]["requestBody"]["content"]["application/json"]
    body["schema"] = {"oneOf": [{"$ref": f"#/components/schemas/{kind.create_schema.__name__}"} for kind in kinds]}


def register_error_handlers(app: Flask) -> None:
    from caseflow.api_errors import register

    register(app)


def register_cli(app: Flask) -> None:
    from caseflow.cli import caseflow_cli
    from caseflow.statistics.cli import commands as statistics_commands

    for command in statistics_commands:
        caseflow_cli.add_command(command)
    app.cli.add_command(caseflow_cli)
