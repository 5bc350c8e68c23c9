"""Operator commands: flask --app wsgi caseflow ..."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from caseflow.auth.models import Role
from caseflow.errors import DomainError
from caseflow.extensions import db

caseflow_cli = AppGroup("caseflow", help="CaseFlow operator commands.")


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{what} {value!r} is not a date (YYYY-MM-DD)")


@caseflow_cli.command("create-office")
@click.argument("code")
@click.argument("name")
@click.option("--level", type=click.Choice(["county", "city", "province"]), default="county")
@click.option("--parent", "parent_code", help="code of the office one level up")
def create_office(code, name, level, parent_code):
    """Create an office (reconsideration body)."""
    from caseflow.organisations.models import Office
    from caseflow.organisations.services import create_office as create

    parent = None
    if parent_code:
        parent = db.session.scalar(sa.select(Office).where(Office.code == parent_code)) or _fail(
            f"no office with code {parent_code!r}")
    try:
        office = create(code, name, level, parent)
    except DomainError as exc:
        _fail(f"{exc.message}: {exc.errors}")
    db.session.commit()
    click.echo(f"office {office.code} {office.name} created")


@caseflow_cli.command("create-user")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", "display_name", default="", help="display name (default: the username)")
@click.option("--office", "office_code", help="office code (default: the only office, if there is one)")
def create_user(username, roles, password, display_name, office_code):
    """Create a user with one or more roles."""
    from caseflow.auth.services import create_user as create
    from caseflow.organisations.models import Office

    offices = db.session.scalars(sa.select(Office).where(Office.code == office_code) if office_code
                                 else sa.select(Office)).all()
    if len(offices) != 1:
        _fail("name the office with --office CODE" if offices else "no such office; create one with create-office")
    try:
        user = create(username, display_name or username, password, offices[0], roles)
    except DomainError as exc:
        _fail(f"{exc.message}: {exc.errors}")
    db.session.commit()
    click.echo(f"user {user.username} ({', '.join(sorted(user.roles))}) created in {offices[0].name}")


@caseflow_cli.command("policy-table")
def policy_table():
    """Print who may use every route, as declared (the table in SECURITY.md)."""
    from flask import current_app

    from caseflow.security.policy import markdown_table

    click.echo(markdown_table(current_app))


@caseflow_cli.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="only list the demo users if the database already has users")
def seed_demo(if_empty):
    """Load demo data: offices, users of every role, agencies and a dozen cases in different states."""
    from flask import current_app

    from caseflow.demo import DEMO_PASSWORD, USERS, seed

    if not current_app.config["DEMO_DATA_ALLOWED"]:
        _fail("demo data is refused in production: its users share a published password")
    try:
        users = seed()
    except RuntimeError as exc:
        db.session.rollback()
        if not if_empty:
            _fail(str(exc))
        users = [(u[0], u[4]) for u in USERS]
        click.echo("The database already has data; the demo users are:")
    else:
        db.session.commit()
        click.echo("Demo data loaded.")
    click.echo(f"Sign in with any of these (password: {DEMO_PASSWORD}):")
    for username, label in users:
        click.echo(f"  {username:<14} {label}")


@caseflow_cli.command("deadline")
@click.argument("rule_id")
@click.argument("start")
@click.option("--pause", "pauses", multiple=True, metavar="FROM:TO", help="a paused interval (repeatable)")
@click.option("--extend", "extend_days", type=int, help="approved extension in days")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
def deadline(rule_id, start, pauses, extend_days, lang):
    """Print the due date (line 1), 'provisional' if it is (line 2), then the explanation."""
    from caseflow.calendar.explain import explain
    from caseflow.calendar.periods import Pause
    from caseflow.calendar.services import compute_deadline

    start_on = _date(start, "start date")
    ledger = []
    for text in pauses:
        a, sep, b = text.partition(":")
        if not sep:
            _fail(f"--pause {text!r} must be FROM:TO")
        ledger.append(Pause(_date(a, "pause start"), _date(b, "pause end"), ""))
    try:
        result = compute_deadline(rule_id, start_on, ledger, extend_days)
    except DomainError as exc:
        _fail(exc.message)
    if result.due_on is None:
        _fail("the clock is paused: give every pause an end date")
    click.echo(result.due_on.isoformat())
    if result.provisional:
        click.echo("provisional")
    for line in explain(result, lang):
        click.echo(line)


@caseflow_cli.command("redact")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--keep", "keep", multiple=True, help="a name or value that stays (an agency, its representative)")
def redact(path, keep):
    """Redact FILE (JSON {"parties": [{"name", "role", "kind", "id_number", "phone", "address", ...}], "text"})
    and print JSON {"text", "findings": [{"kind", "original", "start", "end", "replacement", "certain"}]}: the
    code the publication review runs. Candidate names (certain: false) are redacted in the text as well."""
    import json

    from caseflow.publication.redaction import redact as run

    try:
        with click.open_file(path, encoding="utf-8") as fh:
            given = json.loads(fh.read())
        text, parties = given["text"], given.get("parties") or []
        if not isinstance(text, str) or not isinstance(parties, list):
            raise TypeError("text must be a string and parties a list")
    except (ValueError, KeyError, TypeError) as exc:
        _fail(f"not a redaction request ({exc}): expected JSON {{\"parties\": [...], \"text\": \"...\"}}")
    result = run(text, parties, keep=[*keep, *(given.get("keep") or [])])
    click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))


calendar_cli = AppGroup("calendar", help="The official working-day calendar.")
caseflow_cli.add_command(calendar_cli)


@calendar_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--by", "actor", default="cli", help="who imports (recorded on the days and case events)")
@click.option("--keep", "keep", multiple=True, help="a day corrected by hand the notice disagrees with: keep the "
              "correction (YYYY-MM-DD, repeatable; 'all' for every such day)")
@click.option("--take", "take", multiple=True, help="such a day: take the notice's value (YYYY-MM-DD or 'all')")
def calendar_import(path, actor, keep, take):
    """Import a State Council holiday notice (YAML or JSON; see caseflow/calendar/notice.py). Where it disagrees
    with a day corrected by hand, nothing is imported until --keep or --take says what to do with each day."""
    from caseflow.calendar.notice import NoticeError, parse_notice
    from caseflow.calendar.services import KEEP, TAKE, CalendarConflicts, import_notice, notice_conflicts

    try:
        notice = parse_notice(Path(path).read_text(encoding="utf-8"))
    except NoticeError as exc:
        db.session.rollback()
        _fail("the file was not imported:\n  " + "\n  ".join(exc.problems))
    choices, every = {}, None
    for value, days in ((KEEP, keep), (TAKE, take)):
        for day in days:
            if day == "all":
                every = value
                continue
            try:
                choices[date.fromisoformat(day)] = value
            except ValueError:
                _fail(f"--{'keep' if value == KEEP else 'take'} {day!r} is not a date (YYYY-MM-DD) nor 'all'")
    if every:  # 'all': every disagreeing day not named on its own
        choices = {**{c["day"]: every for c in notice_conflicts(notice)}, **choices}
    try:
        changes = import_notice(notice, actor, choices)
    except CalendarConflicts as exc:
        db.session.rollback()
        lines = [f"  {c['day']}  corrected by hand: {c['hand_type']} ({c['hand_reason']})  notice: {c['notice_type']}"
                 for c in exc.extra["conflicts"]]
        _fail("not imported: the notice disagrees with days corrected by hand; choose for each with --keep DAY "
              "(keep the correction) or --take DAY (take the notice):\n" + "\n".join(lines))
    except DomainError as exc:
        db.session.rollback()
        _fail(exc.message)
    db.session.commit()
    click.echo(f"{notice.year} imported from {notice.notice}: {len(notice.holidays)} rest days, "
               f"{len(notice.makeup_workdays)} make-up workdays")
    for warning in notice.warnings:
        click.echo(f"warning: {warning}")
    click.echo(f"{len(changes)} open deadlines moved")
    for c in changes:
        click.echo(f"  case {c['case_id']} {c['rule_id']}: {c['from']} -> {c['to']}")


@calendar_cli.command("show")
@click.argument("year", type=int)
def calendar_show(year):
    """Show a year: status, rest days and make-up workdays."""
    from caseflow.calendar.services import days_of_year, year_status

    status = year_status().get(year)
    if status is None:
        _fail(f"the calendar does not cover {year}")
    click.echo(f"{year}: {status.status} ({status.notice or status.source})")
    days = days_of_year(year)
    for d in days:
        if d.day_type in ("holiday", "makeup_workday"):
            flag = "" if d.official else "  [provisional]"
            label = "rest    " if d.day_type == "holiday" else "make-up "
            click.echo(f"  {d.day.isoformat()} {d.day.strftime('%a')} {label} {d.name or ''}{flag}")
    working = sum(1 for d in days if d.day_type in ("workday", "makeup_workday"))
    click.echo(f"working days: {working}")


def _mount_feature_commands() -> None:
    from caseflow.casefile.cli import commands as casefile_commands
    from caseflow.supervision.cli import commands as supervision_commands

    for command in [*supervision_commands.commands.values(), *casefile_commands.commands.values()]:
        caseflow_cli.add_command(command)


_mount_feature_commands()


@caseflow_cli.command("backup")
@click.argument("target", type=click.Path(dir_okay=False))
def backup_command(target):
    """SQLite: copy the database to TARGET while it serves (the online backup API). PostgreSQL: use pg_dump -Fc."""
    from flask import current_app

    from caseflow.ops.backup import backup

    try:
        pages = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except ValueError as exc:
        _fail(str(exc))
    click.echo(f"backed up {pages} pages to {target}")


@caseflow_cli.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
def restore_command(source):
    """SQLite: replace the database with the backup SOURCE (stop the web and scheduler processes first)."""
    from flask import current_app

    from caseflow.ops.backup import restore

    try:
        restore(source, current_app.config["SQLALCHEMY_DATABASE_URI"])
    except ValueError as exc:
        _fail(str(exc))
    click.echo(f"restored {source}")
