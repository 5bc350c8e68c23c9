"""What a kind of case (复议, 调解, 裁决 ...) brings to the kind-neutral engine, and the registry of kinds.

The engine (caseflow.cases, caseflow.deadlines, caseflow.workflow) knows a case's core: kind, office, docket
number, state, version, handler, received date, parties, events, deadlines and attachments. Everything else is
the kind's: its detail table (a joined-table subclass of Case), its registration schema and rules, the fields it
adds to the case's views, its legal guards, its transition effects, its pages. A kind is a package exposing
`KIND`, an instance of a CaseKind subclass, named in the CASE_KINDS setting; its state machine is
workflows/<kind>.yaml. Nothing outside the kind's package names it.
"""
from __future__ import annotations

import abc
import importlib
from dataclasses import dataclass, field
from typing import Callable

from flask import current_app
from marshmallow import Schema

from caseflow.errors import ValidationFailed

# Core columns a workflow may never set: they are the engine's (identity, numbering, state, locking, audit).
PROTECTED = {"id", "kind", "office_id", "docket_year", "docket_seq", "docket_number", "state", "version",
             "received_on", "closed_on", "created_at", "created_by_id", "updated_at"}


@dataclass(frozen=True)
class Effect:
    """Something a transition does beyond moving the state, implemented by its kind (record a session, the terms
    of an agreement, a ruling). It runs in the transition's transaction, after the event is written.

    `schema` loads the structured part of the transition's data (lists, nested records) that flat workflow
    fields cannot express; what it loads is kept in the event's payload. `check(case, data, on)` returns errors
    by field before anything is written; `apply(case, data, event, actor, on)` does the work. Both see the
    transition's flat fields and the loaded structure together in `data`.
    """

    name: str
    schema: type[Schema]
    apply: Callable
    check: Callable | None = None
    template: str | None = None  # the form section of the web page for this effect
    form_data: Callable | None = None  # (request.form) -> the dict `schema` loads, for the web form


@dataclass
class CaseKind(abc.ABC):
    """Base of every kind. Subclasses set the attributes and override the hooks they need."""

    name: str
    title: str
    title_en: str
    model: type  # the Case subclass holding the kind's detail columns
    create_schema: type[Schema]  # the API body that registers a case of this kind
    detail_schema: type[Schema]  # the fields this kind adds to a case's detail view
    summary_schema: type[Schema]  # the fields this kind adds to a row of a case list
    register_roles: frozenset[str] = frozenset()
    party_roles: dict[str, tuple[str, str]] = field(default_factory=dict)  # role -> (zh, en)
    guards: dict[str, Callable] = field(default_factory=dict)
    effects: dict[str, Effect] = field(default_factory=dict)
    values: dict[str, Callable] = field(default_factory=dict)  # `@name` values a transition may set
    blueprint: object | None = None  # the kind's own web pages
    detail_template: str | None = None  # the kind's section of the case page
    event_template: str | None = None  # what the kind adds to each event of the case's history (`e` in scope)
    documents: tuple = ()  # the document types it makes (caseflow.documents.catalogue.DocType)
    publication: dict | None = None  # what its publication is made from (caseflow/publication), if it publishes

    # --- hooks ----------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def build_case(self, data: dict, actor):
        """Check `data` (loaded by create_schema) against the kind's rules and build the unsaved case with its
        parties and detail. Raise ValidationFailed naming the fields. The engine adds docket, state and events."""

    def register_payload(self, case) -> dict:
        """What the 'register' event records besides the docket number."""
        return {}

    def transition_payload(self, case, transition, on) -> dict:
        """What a transition's event records besides the data entered (e.g. a deemed acceptance date)."""
        return {}

    def detail(self, case, lang: str) -> dict:
        """The kind's fields of a case's detail view (see detail_schema)."""
        return {}

    def summary(self, case, lang: str) -> dict:
        """The kind's fields of a case-list row (see summary_schema)."""
        return {}

    def party_label(self, case, role: str, lang: str) -> str:
        """The title of a party's role on this case (申请人, 投诉人 ...)."""
        zh, en = self.party_roles.get(role, (role, role))
        return en if lang == "en" else zh

    def addressees(self, case, to: str, data: dict) -> list[dict]:
        """Who a document goes to ({name, role, party_id}): `to` is a transition's `serves.to`."""
        roles = {"applicants": ("applicant",), "respondent": ("respondent",), "third_parties": ("third_party",),
                 "parties": ("applicant", "respondent", "third_party")}.get(to, ())
        people = [{"name": p.name, "role": p.role, "party_id": p.id} for p in case.parties if p.role in roles]
        if to == "recipient" and data.get("recipient"):
            people.append({"name": data["recipient"], "role": "recipient"})
        return people

    def mediation_sides(self, case) -> list[tuple[int | None, str]]:
        """Who must agree to mediate (party id, name): the applicants and respondents; a kind whose respondent is
        an agency adds it by name."""
        return [(p.id, p.name) for p in case.parties if p.role in ("applicant", "respondent")]

    def respondent_name(self, case) -> str:
        """Who the case is against, for lists: the respondent agency, or the other party."""
        return "、".join(p.name for p in case.parties_in("respondent"))

    def list_options(self) -> list:
        """Loader options for what `summary` reads, so a list page costs a fixed number of queries."""
        return []

    def detail_options(self) -> list:
        """Loader options for what `detail` reads of the case's own rows (joined into the load of the kind's
        detail row), so reading one case costs a fixed, small number of queries."""
        return self.list_options()

    def addressee_options(self) -> list:
        """Joined loader options for the rows `addressees` reads besides the parties (an agency), so a job that
        reads the case to address it (the supervision sweep) loads them with the case, in one statement."""
        return []

    def search(self, pattern: str) -> list:
        """SQL conditions (on the kind's model) a keyword search also tries for who the case is against when
        that is not a party (`respondent_name`); `pattern` is a LIKE pattern escaped with a backslash. They must
        test exactly the texts `respondent_name` gives the search index (caseflow.cases.search)."""
        return []

    def agency_case_ids(self, agency_id: int):
        """A SELECT of the ids of this kind's cases concerning an agency of the registry (the list's agency
        filter), or None if this kind's cases concern no agency."""
        return None

    def settable(self) -> set[str]:
        """Case attributes a transition of this kind may set (`sets:` in its workflow)."""
        return {attr.key for attr in self.model.__mapper__.column_attrs} - PROTECTED

    @abc.abstractmethod
    def seed_demo(self, context: dict) -> None:
        """Demo cases of this kind, moved through the real services (see caseflow.demo): every kind shows itself
        in the demo."""


def load_kinds(module_names) -> dict[str, CaseKind]:
    """Import every configured kind package and return its KIND by name. A misconfigured kind stops start-up."""
    kinds: dict[str, CaseKind] = {}
    for module_name in module_names:
        module = importlib.import_module(module_name)
        kind = getattr(module, "KIND", None)
        if not isinstance(kind, CaseKind):
            raise RuntimeError(f"{module_name} does not define KIND, a CaseKind")
        if kind.name in kinds:
            raise RuntimeError(f"case kind {kind.name!r} is configured twice")
        kinds[kind.name] = kind
    return kinds


def all_kinds() -> dict[str, CaseKind]:
    return current_app.extensions["caseflow.kinds"]


def get_kind(name: str) -> CaseKind:
    """The kind called `name`; an unknown kind is bad input (422), never a server error."""
    kind = all_kinds().get(name)
    if kind is None:
        raise ValidationFailed(f"unknown case kind {name!r}",
                               errors={"kind": [f"没有名为 {name} 的案件类型 (unknown kind)"]})
    return kind
