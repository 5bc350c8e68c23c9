"""Operator commands."""
import sqlalchemy as sa

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cli import caseflow_cli


def test_create_office_and_user(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(caseflow_cli, ["create-office", "测", "测试市复议办"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(caseflow_cli, ["create-user", "newclerk", "--role", "clerk", "--role", "mediator",
                                          "--password", "a-long-password", "--office", "测", "--name", "新承办人"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.username == "newclerk"))
    assert user.roles == {"clerk", "mediator"} and user.display_name == "新承办人"
    assert user.password_hash.startswith("$argon2id$")


def test_create_user_refuses_bad_input(app, db):
    runner = app.test_cli_runner()
    runner.invoke(caseflow_cli, ["create-office", "测", "测试市复议办"])
    short = runner.invoke(caseflow_cli, ["create-user", "u", "--role", "clerk", "--password", "short", "--office", "测"])
    assert short.exit_code != 0 and "密码" in short.output
    role = runner.invoke(caseflow_cli, ["create-user", "u", "--role", "king", "--password", "a-long-password"])
    assert role.exit_code != 0
    office = runner.invoke(caseflow_cli, ["create-user", "u", "--role", "clerk", "--password", "a-long-password",
                                          "--office", "无"])
    assert office.exit_code != 0


def test_seed_demo_fills_an_empty_database_and_prints_sign_in_names(app, db):
    result = app.test_cli_runner().invoke(caseflow_cli, ["seed-demo"])
    assert result.exit_code == 0, result.output
    for name in ("clerk", "head", "organ", "mediator", "leader", "admin"):
        assert f"  {name} " in result.output
    states = set(db.session.scalars(sa.select(Case.state)))
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) >= 12
    assert {"received", "awaiting_supplement", "accepted", "awaiting_reply", "in_review", "hearing_scheduled",
            "suspended", "decided", "effective", "terminated", "not_accepted", "mediated"} <= states
    again = app.test_cli_runner().invoke(caseflow_cli, ["seed-demo"])
    assert again.exit_code != 0 and "already has users" in again.output
