"""Export one case as an electronic case file (电子卷宗): every row of the case's tables (caseflow.casefile.graph) as
JSON, the documents' PDF/DOCX and the attachments' files as members, and what the rows refer to outside the case
(users by username and display name, offices by code, agencies with their details, linked cases by docket
number). See caseflow.casefile.archive for the zip and its manifest."""
from __future__ import annotations

import socket
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from caseflow.attachments.services import stored_path
from caseflow.casefile import archive
from caseflow.casefile.graph import ROOT, SHARED, case_tables, key_of, links, referenced_tables
from caseflow.cases.models import Case
from caseflow.clock import now_utc
from caseflow.errors import NotFound
from caseflow.extensions import db

ATTACHMENTS = "attachment"


def installation_name() -> str:
    return current_app.config.get("INSTALLATION_NAME") or socket.gethostname()


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # exactly (a float would round it)
    return value


def _rows(table: sa.Table, where) -> list[dict]:
    query = sa.select(table).where(where).order_by(*table.primary_key.columns)
    return [dict(row) for row in db.session.execute(query).mappings()]


def collect(case_id: int) -> tuple[dict[str, list[dict]], dict[str, bytes], dict]:
    """The case's rows by table (values as the database gives them), the files, and the outside references."""
    metadata = db.metadata
    rows: dict[str, list[dict]] = {}
    for spec in case_tables(metadata):
        table = spec.table
        if spec.owner is None:
            rows[table.name] = _rows(table, table.c.id == case_id)
            continue
        parents = {r[spec.parent_column] for r in rows.get(spec.parent, [])}
        rows[table.name] = _rows(table, spec.owner.in_(parents)) if parents else []
    for table in referenced_tables(metadata):
        key = key_of(table)
        wanted = {r[column] for name, found in rows.items() for column, target in links(metadata.tables[name]).items()
                  if target.table is table for r in found if r[column] is not None}
        rows[table.name] = _rows(table, table.c[key].in_(wanted)) if wanted else []
    files: dict[str, bytes] = {}
    for row in rows.get(ATTACHMENTS, []):
        path = stored_path(row["sha256"])
        if not path.exists():
            raise NotFound(f"attachment {row['id']} ({row['filename']}): its file is missing from the store",
                           errors={"attachment": [f"材料“{row['filename']}”的文件缺失，无法导出完整卷宗"]})
        data = path.read_bytes()
        if archive.sha256(data) != row["sha256"]:
            raise NotFound(f"attachment {row['id']} ({row['filename']}): the stored file is damaged")
        files[f"attachments/{row['sha256']}"] = data
    return rows, files, _references(rows)


def _references(rows: dict[str, list[dict]]) -> dict:
    """What the rows name outside the case: {"user_account": {id: {...}}, "office": ..., "respondent_agency": ...,
    "case": {id: {"docket_number"}}} (another case a row links to)."""
    metadata = db.metadata
    wanted: dict[str, set] = {name: set() for name in (*SHARED, ROOT)}
    own_case = rows[ROOT][0]["id"]
    for name, found in rows.items():
        for column, target in links(metadata.tables[name]).items():
            if target.table.name in wanted:
                wanted[target.table.name] |= {r[column] for r in found if r[column] is not None}
    wanted[ROOT].discard(own_case)
    out = {}
    for name, ids in wanted.items():
        table = metadata.tables[name]
        found = _rows(table, table.c.id.in_(ids)) if ids else []
        if name == "user_account":
            out[name] = {str(r["id"]): {"username": r["username"], "display_name": r["display_name"]} for r in found}
        elif name == "office":
            out[name] = {str(r["id"]): {"code": r["code"], "name": r["name"]} for r in found}
        elif name == ROOT:
            out[name] = {str(r["id"]): {"docket_number": r["docket_number"]} for r in found}
        else:
            out[name] = {str(r["id"]): {k: _plain(v) for k, v in r.items() if k != "id"} for r in found}
    return out


def _encoded(name: str, table: sa.Table, found: list[dict], files: dict[str, bytes]) -> list[dict]:
    key = key_of(table)
    out = []
    for row in found:
        encoded = {}
        for column, value in row.items():
            if isinstance(value, (bytes, memoryview)):
                member = f"files/{name}/{row[key]}.{column}"
                files[member] = bytes(value)
                encoded[column] = {"$file": member}
            else:
                encoded[column] = _plain(value)
        out.append(encoded)
    return out


def export_case(case_id: int) -> tuple[bytes, str, dict]:
    """The archive of case `case_id`: (zip bytes, the manifest's SHA-256, the manifest's header)."""
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound(f"case {case_id} not found")
    rows, files, references = collect(case_id)
    members = dict(files)
    order = [name for name in (t.name for t in db.metadata.sorted_tables) if name in rows]
    for name in order:
        members[f"data/{name}.json"] = archive.encode_json(_encoded(name, db.metadata.tables[name], rows[name],
                                                                    members))
    members["data/references.json"] = archive.encode_json(references)
    revision = db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    header = {"source_installation": installation_name(), "exported_at": now_utc().isoformat(),
              "docket_number": case.docket_number, "case_id": case.id, "kind": case.kind, "state": case.state,
              "schema_revision": sorted(revision), "tables": order,
              "counts": {name: len(rows[name]) for name in order}}
    data, digest = archive.write(members, header)
    return data, digest, header
