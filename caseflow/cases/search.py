"""Text search of cases through an index, with exactly the results of a substring match.

What is searched: the docket number, every party's name and who the case is against (the respondent agency of a
reconsideration). Two-character names (张伟) are the common query, which trigram indexes cannot serve, so each case
keeps `search_terms`: every character and every pair of adjacent characters of those texts (lower-cased), each
written as its UTF-8 hex so that any character, CJK, ASCII, punctuation or space, is one plain token.

A query of one character needs its character; a longer one needs all of its pairs. Every case that contains the
query has them (a substring's pairs are pairs of the text), so the index finds a superset, and the same
substring test (ILIKE, wildcards escaped) on those few candidates keeps exactly the cases that contain it.

The index: on PostgreSQL a GIN index on (office_id, string_to_array(search_terms, ' ')) (array containment @>,
with btree_gin for the office: one scan finds an office's matches); on SQLite an FTS5 table kept by triggers
from the column (migrations/versions/*_scale.py, *_list_speed.py). The column is rewritten by
`refresh` where names change: registration and every transition (a third party joins, ...).
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from caseflow.cases.kinds import all_kinds, get_kind
from caseflow.cases.models import Case, Party
from caseflow.extensions import db

MAX_TERMS = 4000  # a case's texts are names and a number; this bounds a pathological one


# Built by the migration, not the models (an expression index, an FTS5 table and its shadow tables): autogenerate
# leaves them alone (migrations/env.py, tests/test_platform.py).
OUTSIDE_THE_MODELS = ("case_search", "ix_case_search_terms",
                      "ix_case_office_next_due_desc")  # PostgreSQL only: DESC NULLS LAST (migrations/*_list_speed.py)


def outside_the_models(name, type_, *_args) -> bool:
    """False for the search index's own objects (an alembic include_name hook)."""
    return not (type_ in ("table", "index") and name and name.startswith(OUTSIDE_THE_MODELS))


def _fold(text: str) -> str:
    """Lower-case one character at a time (a character whose lower case is longer stays as it is), so a
    substring's characters stay aligned with the text's."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _hex(gram: str) -> str:
    return gram.encode("utf-8").hex()


def terms(texts) -> list[str]:
    out = set()
    for text in texts:
        folded = _fold(text or "")
        out.update(folded)
        out.update(folded[i:i + 2] for i in range(len(folded) - 1))
    return sorted(_hex(t) for t in out)[:MAX_TERMS]


def query_terms(query: str) -> list[str]:
    folded = _fold(query)
    grams = {folded} if len(folded) == 1 else {folded[i:i + 2] for i in range(len(folded) - 1)}
    return sorted(_hex(g) for g in grams)


def texts_of(case: Case) -> list[str]:
    return [case.docket_number, *(p.name for p in case.parties), get_kind(case.kind).respondent_name(case)]


def refresh(case: Case) -> None:
    """Rewrite the case's search terms from its names (flushes the change with the caller's transaction)."""
    value = " ".join(terms(texts_of(case)))
    column = Case.__table__.c.search_terms
    db.session.execute(sa.update(Case.__table__).where(Case.__table__.c.id == case.id,
                                                       column.is_distinct_from(value)).values(search_terms=value))
    sa.orm.attributes.set_committed_value(case, "search_terms", value)


def _indexed(query: str):
    wanted = query_terms(query)
    if db.engine.dialect.name == "postgresql":
        return sa.func.string_to_array(Case.search_terms, " ").op("@>")(
            sa.cast(postgresql.array(wanted), postgresql.ARRAY(sa.Text)))
    match = sa.select(sa.column("rowid")).select_from(sa.table("case_search")).where(
        sa.text("case_search MATCH :match").bindparams(match=" ".join(f'"{t}"' for t in wanted)))
    return Case.id.in_(match)


def substring(query: str):
    """The plain substring test over the same texts (no index): the definition the index must agree with."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return sa.or_(Case.docket_number.ilike(pattern, escape="\\"),
                  sa.exists().where(Party.case_id == Case.id, Party.name.ilike(pattern, escape="\\")),
                  *[clause for kind in all_kinds().values() for clause in kind.search(pattern)])


def exact_by_index(query: str) -> bool:
    """A query of one or two caseless characters (张, 张伟: the common query) is itself the index's token, and a
    case has the token exactly when one of its texts contains the query: the index alone answers it, with no
    substring test of the candidates (a character with case could fold differently in the database's ILIKE)."""
    return len(query) <= 2 and all(c.lower() == c == c.upper() for c in query)


def clause(query: str):
    """Cases whose docket number, a party's name or the respondent's name contains `query` (case-insensitive)."""
    query = query.strip()
    if not query:
        return sa.true()
    if exact_by_index(query):
        return _indexed(query)
    return sa.and_(_indexed(query), substring(query))
