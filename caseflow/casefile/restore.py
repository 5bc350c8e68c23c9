"""Import an electronic case file (电子卷宗) into this installation: the same docket number, the same history (events
with their actors' names, their times and effective dates), the same deadlines, documents and files.

All in the caller's transaction: the archive is checked whole first (caseflow.casefile.archive), then every
refusal (unknown kind or state, a docket number already here, an office not found, a column this installation
does not have) is raised before anything is written; an error while writing rolls back everything.

Who is who, across installations (decided here, README 电子卷宗与归档):
- a user of the archive is this installation's user with the same username *and* display name; anyone else
  gets an inactive account with no role and no usable password, named as in the archive and with the username
  `<username>@<source installation>`, in the importing office, so every reference keeps its person and their name
  and nobody can sign in as them. The import event lists who was matched and who was recorded so.
- the case's office is the office given (`--office CODE`), else the one with the archive's office code; other
  offices a record names are found by code (else the importing office, listed in the event).
- a respondent agency is found by name, else added with the archive's details (listed in the event).
- a link to another case (a mediation's originating case) is found by docket number, else left empty and listed.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from blinker import Namespace

from caseflow.attachments.services import store
from caseflow.auth.models import User
from caseflow.auth.services import hash_password
from caseflow.casefile import archive
from caseflow.casefile.archive import ArchiveRefused
from caseflow.casefile.graph import EVENTS, ROOT, SHARED, case_tables, key_of, links, referenced_tables
from caseflow.cases import search
from caseflow.cases.kinds import all_kinds
from caseflow.cases.models import Case, DocketCounter
from caseflow.cases.services import get_workflow
from caseflow.clock import now_utc, today_local
from caseflow.extensions import db
from caseflow.organisations.models import Office, RespondentAgency
from caseflow.security.audit import record

IMPORT_EVENT = "import_case"
# Sent with the imported case once its rows are written (in SQL, so no flush hook saw them): the statistics' summary
# table counts it.
case_imported = Namespace().signal("case-imported")


@dataclass
class Imported:
    case_id: int
    docket_number: str
    manifest_sha256: str
    rows: int
    notes: dict = field(default_factory=dict)


def _value(column: sa.Column, value, members: dict[str, bytes]):
    if value is None:
        return None
    try:  # a TypeDecorator (UTCDateTime) says its type through the type it decorates
        python_type = getattr(column.type, "impl_instance", column.type).python_type
    except NotImplementedError:
        return value
    if isinstance(value, dict) and "$file" in value and python_type is bytes:
        return members[value["$file"]]
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


class _Plan:
    """The checked contents of an archive and what its outside references become here."""

    def __init__(self, opened: archive.Opened, office_code: str | None):
        self.opened = opened
        self.problems: list[str] = []
        self.notes: dict = {"users_matched": [], "users_recorded": [], "agencies_added": [], "offices_defaulted": [],
                            "links_unresolved": []}
        metadata = db.metadata
        self.tables = {t.table.name: t.table for t in case_tables(metadata)}
        self.tables.update({t.name: t for t in referenced_tables(metadata)})
        manifest = opened.manifest
        names = manifest.get("tables") or []
        self.rows: dict[str, list[dict]] = {}
        for name in names:
            if name not in self.tables:
                self.problems.append(f"the archive holds records of {name!r}, which this installation does not keep")
                continue
            member = f"data/{name}.json"
            try:
                found = opened.json(member)
            except (KeyError, ValueError) as exc:
                self.problems.append(f"{member} cannot be read ({exc})")
                continue
            if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
                self.problems.append(f"{member} is not a list of records")
                continue
            self._check_columns(name, found)
            self.rows[name] = found
        try:
            self.references = opened.json("data/references.json")
        except (KeyError, ValueError):
            self.references = {}
            self.problems.append("data/references.json is missing or unreadable")
        if len(self.rows.get(ROOT, [])) != 1:
            self.problems.append("the archive does not hold exactly one case")
            return
        self.case = self.rows[ROOT][0]
        self._check_case(office_code)

    def _check_columns(self, name: str, found: list[dict]) -> None:
        table = self.tables[name]
        known = set(table.c.keys())
        unknown = sorted({k for r in found for k in r} - known)
        if unknown:
            self.problems.append(f"{name}: this installation has no column {', '.join(unknown)} (nothing would "
                                 f"keep it); upgrade it first")
        required = {c.name for c in table.columns if not c.nullable and c.default is None and
                    c.server_default is None and not (c.primary_key and c.autoincrement is not False)}
        lacking = sorted({c for r in found for c in required if c not in r})
        if lacking:
            self.problems.append(f"{name}: the archive lacks the required column {', '.join(lacking)}")

    def _check_case(self, office_code: str | None) -> None:
        case = self.case
        kinds = all_kinds()
        if case.get("kind") not in kinds:
            self.problems.append(f"this installation does not run cases of kind {case.get('kind')!r}")
        elif case.get("state") not in get_workflow(case["kind"]).states:
            self.problems.append(f"state {case.get('state')!r} is not in this installation's workflow")
        if db.session.scalar(sa.select(Case.id).where(Case.docket_number == case.get("docket_number"))):
            self.problems.append(f"a case with docket number {case.get('docket_number')} already exists here")
        offices = self.references.get("office", {})
        code = office_code or offices.get(str(case.get("office_id")), {}).get("code")
        self.office = db.session.scalar(sa.select(Office).where(Office.code == code)) if code else None
        if self.office is None:
            self.problems.append(f"no office with code {code!r} here: name one with --office CODE")
            return
        taken = db.session.scalar(sa.select(Case.id).where(
            Case.office_id == self.office.id, Case.kind == case.get("kind"),
            Case.docket_year == case.get("docket_year"), Case.docket_seq == case.get("docket_seq")))
        if taken:
            self.problems.append(f"office {self.office.code} already has sequence number {case.get('docket_seq')} "
                                 f"of {case.get('docket_year')} for this kind of case")

    # --- outside references -----------------------------------------------------------------------------------
    def map_shared(self) -> dict[str, dict[str, int]]:
        return {"user_account": self._users(), "office": self._offices(), "respondent_agency": self._agencies()}

    def _users(self) -> dict[str, int]:
        source = str(self.opened.manifest["source_installation"])
        out = {}
        for old, person in sorted(self.references.get("user_account", {}).items(), key=lambda kv: int(kv[0])):
            username, name = str(person["username"]), str(person["display_name"])
            user = db.session.scalar(sa.select(User).where(User.username == username, User.display_name == name))
            if user is not None:
                self.notes["users_matched"].append({"username": username, "display_name": name})
            else:
                user = self._recorded_user(f"{username}@{source}"[:60], name)
                self.notes["users_recorded"].append({"username": username, "display_name": name,
                                                     "recorded_as": user.username})
            out[old] = user.id
        return out

    def _recorded_user(self, username: str, name: str) -> User:
        candidate, n = username, 1
        while True:
            user = db.session.scalar(sa.select(User).where(User.username == candidate))
            if user is None:
                break
            if user.display_name == name and not user.active and not user.roles:
                return user  # recorded by an earlier import from the same installation
            n += 1
            candidate = f"{username}~{n}"
        user = User(username=candidate, display_name=name, password_hash=hash_password(secrets.token_urlsafe(32)),
                    office_id=self.office.id, active=False)
        db.session.add(user)
        db.session.flush()
        record("user_created", user=user, roles=[], imported_from=self.opened.manifest["source_installation"],
               reason="电子卷宗导入：原系统中的人员，本系统无同名账户（停用、无角色）")
        return user

    def _offices(self) -> dict[str, int]:
        out = {}
        for old, office in self.references.get("office", {}).items():
            if old == str(self.case["office_id"]):
                out[old] = self.office.id
                continue
            found = db.session.scalar(sa.select(Office.id).where(Office.code == office["code"]))
            if found is None:
                self.notes["offices_defaulted"].append(office)
            out[old] = found or self.office.id
        return out

    def _agencies(self) -> dict[str, int]:
        out = {}
        table = RespondentAgency.__table__
        for old, agency in self.references.get("respondent_agency", {}).items():
            found = db.session.scalar(sa.select(RespondentAgency.id).where(RespondentAgency.name == agency["name"]))
            if found is None:
                values = {c.name: _value(c, agency[c.name], {}) for c in table.columns if c.name in agency}
                found = db.session.execute(table.insert().values(**values)).inserted_primary_key[0]
                self.notes["agencies_added"].append(agency["name"])
            out[old] = found
        return out


def import_case(data: bytes, *, office_code: str | None = None, by: str = "cli",
                expected_manifest_sha256: str | None = None) -> Imported:
    """Check and import the archive `data`; flushes, never commits. Raises ArchiveRefused (nothing written)."""
    opened = archive.read(data, expected_manifest_sha256)
    plan = _Plan(opened, office_code)
    if plan.problems:
        raise ArchiveRefused(plan.problems)
    shared = plan.map_shared()
    ids: dict[tuple[str, object], object] = {}
    later: list[tuple[sa.Table, str, object, str, object]] = []
    count = 0
    order = [t for t in db.metadata.sorted_tables if t.name in plan.rows]
    for table in order:
        key, table_links = key_of(table), links(table)
        for row in sorted(plan.rows[table.name], key=lambda r: r.get(key) or 0):
            values = {}
            for name, raw in row.items():
                column = table.c[name]
                target = table_links.get(name)
                if column.primary_key and target is None:
                    continue  # this installation numbers its own rows
                if name == "search_terms":
                    continue  # rebuilt from the names below
                value = _value(column, raw, opened.members)
                if target is not None and value is not None:
                    value = _link(plan, shared, ids, table, name, target, value, later, row.get(key))
                values[name] = value
            new_key = db.session.execute(table.insert().values(**values)).inserted_primary_key[0]
            ids[(table.name, row.get(key))] = new_key
            count += 1
    for table, name, value, key, old_key in later:  # a row naming a later row of its own table
        db.session.execute(table.update().where(table.c[key] == ids[(table.name, old_key)])
                           .values({name: ids[(table.name, value)]}))
    for row in plan.rows.get("attachment", []):
        content = opened.members.get(f"attachments/{row['sha256']}")
        if content is None or archive.sha256(content) != row["sha256"]:
            raise ArchiveRefused([f"the file of attachment {row.get('filename')!r} is not in the archive"])
        store(content)
    case_id = ids[(ROOT, plan.case["id"])]
    _bump_docket_counter(plan)
    _import_event(plan, case_id, by, opened.manifest_sha256)
    case = db.session.get(Case, case_id)
    search.refresh(case)
    db.session.flush()
    case_imported.send(case)
    return Imported(case_id, case.docket_number, opened.manifest_sha256, count, plan.notes)


def _link(plan: _Plan, shared, ids, table: sa.Table, name: str, target: sa.Column, value, later, old_key):
    """What a row's reference `value` (to `target`) is here."""
    owner = target.table.name
    if owner in SHARED:
        mapped = shared[owner].get(str(value))
        if mapped is None:
            raise ArchiveRefused([f"{table.name}.{name} names {owner} {value}, which data/references.json lacks"])
        return mapped
    if (owner, value) in ids:
        return ids[(owner, value)]
    if owner == table.name and any(r.get(target.name) == value for r in plan.rows[owner]):
        later.append((table, name, value, key_of(table), old_key))
        return None
    if owner == ROOT:
        docket = plan.references.get(ROOT, {}).get(str(value), {}).get("docket_number")
        found = db.session.scalar(sa.select(Case.id).where(Case.docket_number == docket)) if docket else None
        if found is None:
            plan.notes["links_unresolved"].append({"record": f"{table.name}.{name}", "docket_number": docket})
        return found
    plan.notes["links_unresolved"].append({"record": f"{table.name}.{name}", "value": value})
    return None


def _bump_docket_counter(plan: _Plan) -> None:
    """A later registration here must not take the imported case's sequence number."""
    case = plan.case
    counter = db.session.get(DocketCounter, (plan.office.id, case["kind"], case["docket_year"]), with_for_update=True)
    if counter is None:
        db.session.add(DocketCounter(office_id=plan.office.id, kind=case["kind"], year=case["docket_year"],
                                     last_seq=case["docket_seq"]))
    elif counter.last_seq < case["docket_seq"]:
        counter.last_seq = case["docket_seq"]
    db.session.flush()


def _import_event(plan: _Plan, case_id: int, by: str, digest: str) -> None:
    """The import is an event of the case: appended after its history (written directly: an archived case stays
    archived, and its archive's history is complete without it)."""
    manifest = plan.opened.manifest
    version = plan.case["version"] + 1
    cases, events = db.metadata.tables[ROOT], db.metadata.tables[EVENTS]
    db.session.execute(cases.update().where(cases.c.id == case_id).values(version=version))
    db.session.execute(events.insert().values(
        case_id=case_id, seq=version, name=IMPORT_EVENT, from_state=plan.case["state"], to_state=plan.case["state"],
        actor_id=None, actor_name=by, actor_role=None, approver_id=None, effective_on=today_local(),
        recorded_at=now_utc(), reason=f"从{manifest['source_installation']}导入电子卷宗",
        payload={"source_installation": manifest["source_installation"], "exported_at": manifest["exported_at"],
                 "source_case_id": manifest.get("case_id"), "manifest_sha256": digest,
                 "format_version": manifest["format_version"], **plan.notes}))
