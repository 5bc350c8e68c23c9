"""Test kit: one migrated database per run (SQLite by default, PostgreSQL with TEST_DATABASE_URL), each test
inside a transaction that is rolled back, factories for offices/users/agencies/cases, and an API client."""
from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_sqlalchemy.session import Session as FlaskSession
from stdnum.cn import ric, uscc

from caseflow import create_app
from caseflow.clock import today_local
from caseflow.extensions import db as _db

PASSWORD = "correct-horse-battery"


def _database_url():
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    path = os.path.join(tempfile.mkdtemp(prefix="caseflow-test-"), "test.db")
    return f"sqlite:///{path}"


def _reset(url: str) -> None:
    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()


class ConnectionBoundSession(FlaskSession):
    """Flask-SQLAlchemy picks its engine per model; in tests every query must use the test's connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return self.bind


@pytest.fixture(scope="session")
def database_url():
    return _database_url()


@pytest.fixture(scope="session")
def app(database_url):
    from flask_migrate import upgrade

    _reset(database_url)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        _db.engine.dispose()


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only when TEST_DATABASE_URL is PostgreSQL (.ci/run's second pass)."""
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        return
    marker = pytest.mark.skipif(True, reason="needs PostgreSQL: runs in .ci/run's PostgreSQL pass")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(marker)


@pytest.fixture(autouse=True)
def db(request, app):
    """Every test runs in a transaction rolled back at the end; commits inside become SAVEPOINT releases."""
    if "committing_db" in request.fixturenames or request.node.get_closest_marker("browser") \
            or request.node.get_closest_marker("separate_database"):
        with app.app_context():
            yield _db
        return
    with app.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        _db.session = _db._make_scoped_session({"bind": connection, "join_transaction_mode": "create_savepoint",
                                                "class_": ConnectionBoundSession})
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def fresh_throttle(app):
    """Sign-in throttling counts in memory across requests: each test starts with clean budgets."""
    yield
    from caseflow.extensions import limiter

    limiter.reset()


@pytest.fixture
def committing_db(app):
    """For tests that need real commits (threads, separate processes): cleans up the rows it adds (every table
    but the calendar, children first)."""
    tables = [t.name for t in reversed(_db.metadata.sorted_tables) if not t.name.startswith("calendar_")]
    yield _db
    with app.app_context():
        _db.session.remove()
        with _db.engine.begin() as conn:
            append_only = ("case_event", "security_event")  # each has a trigger of that name refusing deletes
            if conn.dialect.name == "postgresql":
                for table in append_only:
                    conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
            for table in tables:
                conn.execute(sa.text(f'DELETE FROM "{table}"'))
            if conn.dialect.name == "postgresql":
                for table in append_only:
                    conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


# --- factories ---------------------------------------------------------------------------------------------------
def valid_id(seq: int = 1, birth: str = "19850101") -> str:
    body = f"110101{birth}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function reads the first 17 of 18


def valid_credit_code(serial: str = "MA01AB12") -> str:
    body = f"91110101{serial:0<9}"[:17]  # dept+type, division, 9-char organisation code
    return body + uscc.calc_check_digit(body)


class Factory:
    def __init__(self):
        self.n = 0

    def _next(self):
        self.n += 1
        return self.n

    def office(self, code=None, parent=None, level="county"):
        from caseflow.organisations.services import create_office

        n = self._next()
        return create_office(code or f"O{n}", f"测试复议办公室{n}", level, parent)

    def user(self, *roles, office=None, username=None):
        from caseflow.auth.services import create_user

        n = self._next()
        office = office or self.office()
        return create_user(username or f"user{n}", f"用户{n}", PASSWORD, office, list(roles) or ["clerk"])

    def agency(self, name=None):
        from caseflow.organisations.services import create_agency

        n = self._next()
        return create_agency(name or f"测试区公安分局{n}", "county", "public_security")

    def application(self, agency, received_on=None, **overrides):
        received_on = received_on or today_local() - timedelta(days=1)
        n = self._next()
        body = {
            "received_on": received_on.isoformat(), "receipt_channel": "in_person",
            "respondent_agency_id": agency.id, "request": "请求撤销罚款决定", "facts_and_reasons": "事实不清",
            "applicants": [{"kind": "natural_person", "name": f"申请人{n}", "id_number": valid_id(n),
                            "phone": "13800138000", "address": "某市某区某路1号"}],
            "act": {"act_type": "penalty", "description": "罚款2000元", "document_number": f"公罚〔2026〕{n}号",
                    "made_on": (received_on - timedelta(days=20)).isoformat(),
                    "known_on": (received_on - timedelta(days=15)).isoformat()},
        }
        body.update(overrides)
        return body


@pytest.fixture
def make():
    return Factory()


class ApiClient:
    """Wraps the Flask test client with a bearer token."""

    def __init__(self, client, user):
        self.client = client
        response = client.post("/api/v1/auth/token", json={"username": user.username, "password": PASSWORD})
        assert response.status_code == 201, response.json
        self.headers = {"Authorization": f"Bearer {response.json['token']}"}
        self.user = user

    def get(self, url, **kw):
        return self.client.get(url, headers=self.headers, **kw)

    def post(self, url, json=None, **kw):
        return self.client.post(url, json=json, headers=self.headers, **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self.headers, **kw)

    def transition(self, case_id, name, on=None, data=None, reason="", version=None):
        if version is None:
            version = self.get(f"/api/v1/cases/{case_id}").json["version"]
        body = {"transition": name, "version": version, "reason": reason, "data": data or {}}
        if on is not None:
            body["on"] = on.isoformat() if isinstance(on, date) else on
        return self.post(f"/api/v1/cases/{case_id}/transitions", json=body)


@pytest.fixture
def api(client):
    def login(user):
        return ApiClient(client, user)

    return login


@pytest.fixture
def office_team(make):
    """One office with a clerk, an office head, an organ leader and a mediator, and one agency."""
    office = make.office()
    team = {
        "office": office,
        "clerk": make.user("clerk", office=office),
        "head": make.user("office_head", office=office),
        "organ": make.user("organ_leader", office=office),
        "mediator": make.user("mediator", office=office),
        "agency": make.agency(),
    }
    _db.session.commit()
    return team
