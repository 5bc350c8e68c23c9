"""Operator commands of the electronic case file: flask --app wsgi caseflow export-case | import-case |
unarchive-case. Mounted on `flask caseflow` by caseflow.cli."""
from __future__ import annotations

import sys
from pathlib import Path

import click
import sqlalchemy as sa

from caseflow.extensions import db

commands = click.Group()  # only collects them: each is added to `flask caseflow` on its own


def _fail(lines: list[str]) -> None:
    db.session.rollback()
    for line in lines:
        click.echo(f"error: {line}", err=True)
    sys.exit(2)


@commands.command("export-case")
@click.argument("case_id", type=int)
@click.argument("target", type=click.Path(dir_okay=False, allow_dash=False))
def export_case_command(case_id, target):
    """Write case CASE_ID's electronic case file (zip: data, events, documents, attachments, manifest.json with
    SHA-256 checksums) to TARGET, and print the manifest's own SHA-256 (give it to whoever imports the file)."""
    from caseflow.casefile.export import export_case
    from caseflow.errors import DomainError

    try:
        data, digest, header = export_case(case_id)
    except DomainError as exc:
        _fail([exc.message])
    path = Path(target)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    rows = sum(header["counts"].values())
    click.echo(f"case {header['docket_number']} exported to {target}: {rows} records, {len(data)} bytes")
    click.echo(f"manifest sha256: {digest}")


@commands.command("import-case")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--office", "office_code", help="the office that receives the case (default: the archive's office code)")
@click.option("--manifest-sha256", "expected", help="the manifest digest export-case printed: refuse any other")
@click.option("--by", "actor", default="cli", help="who imports (recorded as the import event's actor)")
def import_case_command(source, office_code, expected, actor):
    """Import an electronic case file written by export-case (checked whole first; all or nothing)."""
    from caseflow.casefile.archive import ArchiveRefused
    from caseflow.casefile.restore import import_case
    from caseflow.errors import DomainError

    try:
        done = import_case(Path(source).read_bytes(), office_code=office_code, by=actor,
                           expected_manifest_sha256=expected)
    except ArchiveRefused as exc:
        _fail(["the case file was not imported:", *[f"  {p}" for p in exc.problems]])
    except DomainError as exc:
        _fail([f"the case file was not imported: {exc.message}"])
    db.session.commit()
    click.echo(f"case {done.docket_number} imported as case {done.case_id}: {done.rows} records "
               f"(manifest sha256 {done.manifest_sha256})")
    for person in done.notes["users_recorded"]:
        click.echo(f"  {person['display_name']} ({person['username']}): no such user here, recorded as "
                   f"inactive {person['recorded_as']}")
    for name in done.notes["agencies_added"]:
        click.echo(f"  respondent agency added: {name}")
    for link in done.notes["links_unresolved"]:
        click.echo(f"  link not found here: {link}")


@commands.command("unarchive-case")
@click.argument("case_id", type=int)
@click.option("--by", "username", required=True, help="the administrator who withdraws the archiving")
@click.option("--reason", required=True, help="why (recorded in the case's history)")
def unarchive_case_command(case_id, username, reason):
    """Withdraw a case's archiving (撤销归档), as an administrator, with a reason."""
    from caseflow.auth.models import User
    from caseflow.casefile.services import unarchive_case
    from caseflow.cases.models import Case
    from caseflow.errors import DomainError

    admin = db.session.scalar(sa.select(User).where(User.username == username))
    case = db.session.get(Case, case_id)
    if admin is None or case is None:
        _fail([f"no user {username!r}" if admin is None else f"no case {case_id}"])
    try:
        unarchive_case(case, admin, reason=reason)
    except DomainError as exc:
        _fail([exc.message, *[m for ms in exc.errors.values() for m in ms]])
    db.session.commit()
    click.echo(f"case {case.docket_number} is no longer archived")
