"""Which tables make up one case's file, read from the database's own foreign keys, so a kind's detail tables and
every record a feature keeps about a case come along without this package naming any of them.

- The case's own rows: the `case` row, then every table with a foreign key to a table already taken (its detail
  table, parties, events, deadlines and their ledger, approvals, service records, documents, notices, mediation
  records ...). Each such table has one *owner* column: the rows whose owner points at a row of the case belong
  to the case (`case_id` if it has one, else a primary key that is a foreign key, else its first required link).
- Shared registries (users, offices, respondent agencies) are referred to, never copied: the archive names them
  (username and display name, office code, agency name) and the importer finds or records them.
- Rows of other tables that a case row refers to and nothing else owns (a published copy of the decision) come
  along as *referenced* rows.
- Left out: the installation's security log (who signed in, who was shown personal data) is not the case file.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

SHARED = ("user_account", "office", "respondent_agency")
LEFT_OUT = ("security_event",)
ROOT = "case"
EVENTS = "case_event"


@dataclass(frozen=True)
class OwnedTable:
    table: sa.Table
    owner: sa.Column | None  # None for the case table itself
    parent: str | None  # the table the owner column refers to
    parent_column: str | None  # and the column there


def _owner(table: sa.Table, owned: set[str]) -> sa.ForeignKey | None:
    links = [fk for fk in table.foreign_keys if fk.column.table.name in owned]
    if not links:
        return None
    for prefer in (lambda fk: fk.parent.name == "case_id",
                   lambda fk: fk.parent.primary_key,
                   lambda fk: not fk.parent.nullable and fk.column.table.name != EVENTS,
                   lambda fk: not fk.parent.nullable):
        chosen = sorted((fk for fk in links if prefer(fk)), key=lambda fk: fk.parent.name)
        if chosen:
            return chosen[0]
    return None  # only optional links: such a row is another record's, not the case's


def case_tables(metadata: sa.MetaData) -> list[OwnedTable]:
    """The tables of a case's file, parents before children (so rows can be inserted in this order)."""
    out = [OwnedTable(metadata.tables[ROOT], None, None, None)]
    owned = {ROOT}
    for table in metadata.sorted_tables:
        if table.name in owned or table.name in SHARED or table.name in LEFT_OUT:
            continue
        fk = _owner(table, owned)
        if fk is not None:
            out.append(OwnedTable(table, fk.parent, fk.column.table.name, fk.column.name))
            owned.add(table.name)
    return out


def referenced_tables(metadata: sa.MetaData) -> list[sa.Table]:
    """Tables outside the case and the shared registries that rows of the case refer to (a published copy)."""
    owned = {t.table.name for t in case_tables(metadata)}
    names = {fk.column.table.name for name in owned for fk in metadata.tables[name].foreign_keys}
    names -= owned | set(SHARED) | set(LEFT_OUT)
    return [t for t in metadata.sorted_tables if t.name in names]


def links(table: sa.Table) -> dict[str, sa.Column]:
    """column name -> the column it refers to, for every foreign key of `table`."""
    return {fk.parent.name: fk.column for fk in table.foreign_keys}


def key_of(table: sa.Table) -> str:
    """The name of the table's primary key column (every table of a case file has a single-column key)."""
    [column] = table.primary_key.columns
    return column.name
