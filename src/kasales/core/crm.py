"""CRM exports to profile fields: column mappings (built-in Salesforce and HubSpot ones), stable ids, rows.

Pure: a row is a dict of column -> cell text; what it becomes is a list of `Assignment`s, made on a
profile by the same machinery as `kasales set`, so every value is validated as the loader validates it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kasales.core.edits import Assignment, EditError, parse_path


@dataclass(frozen=True)
class CrmMapping:
    """Which column fills which field: the name column, an optional CRM id column, fields and value tables."""

    label: str
    name: tuple[str, ...]  # the account name: the first of these columns the export has
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field path -> candidate columns
    id_column: tuple[str, ...] = ()  # a CRM id column: the account id is derived from it
    # (name column, CRM id column): for a name that gives no ASCII id, the id column of that kind of export
    id_fallback: tuple[tuple[str, str], ...] = ()
    values: dict[str, dict[str, str | None]] = field(default_factory=dict)  # field -> CRM value -> ours (None: skip)

    def column(self, candidates: Sequence[str], headers: Sequence[str]) -> str | None:
        """The first candidate column present in ``headers`` (compared without case and spaces)."""
        present = {_fold(h): h for h in headers}
        return next((present[_fold(c)] for c in candidates if _fold(c) in present), None)


def _fold(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text).strip().casefold()


# Salesforce opportunity stages and HubSpot deal / lifecycle stages -> the course's sales stages (SPEC §2).
# Closed deals have no sales stage: the cell is left alone (None).
_SALESFORCE_STAGES: dict[str, str | None] = {
    "prospecting": "prospect", "qualification": "evaluate", "needs analysis": "approach",
    "value proposition": "present", "id. decision makers": "present", "perception analysis": "present",
    "proposal/price quote": "objections", "negotiation/review": "close", "closed won": None, "closed lost": None,
}
_HUBSPOT_STAGES: dict[str, str | None] = {
    "appointment scheduled": "approach", "appointmentscheduled": "approach", "qualified to buy": "evaluate",
    "qualifiedtobuy": "evaluate", "presentation scheduled": "present", "presentationscheduled": "present",
    "decision maker bought-in": "objections", "decisionmakerboughtin": "objections", "contract sent": "close",
    "contractsent": "close", "closed won": None, "closedwon": None, "closed lost": None, "closedlost": None,
    "subscriber": "prospect", "lead": "prospect", "marketing qualified lead": "prospect",
    "sales qualified lead": "evaluate", "opportunity": "approach", "customer": None, "evangelist": None,
    "other": None,
}

BUILTIN: dict[str, CrmMapping] = {
    "salesforce": CrmMapping(
        "salesforce", name=("Account Name",), id_fallback=(("Account Name", "Account ID"),),
        fields={"account.owner": ("Account Owner", "Opportunity Owner", "Owner Name"),
                "account.industry": ("Industry",), "stage": ("Stage",)},
        values={"stage": _SALESFORCE_STAGES}),
    "hubspot": CrmMapping(
        "hubspot", name=("Company name", "Associated Company", "Company"), id_fallback=(("Company name", "Record ID"),),
        fields={"account.owner": ("Company owner", "Deal owner", "Contact owner"), "account.industry": ("Industry",),
                "stage": ("Deal Stage", "Lifecycle Stage")},
        values={"stage": _HUBSPOT_STAGES}),
}


def detect(headers: Sequence[str]) -> CrmMapping | None:
    """The built-in mapping whose name column the export has (Salesforce first), or None."""
    for mapping in BUILTIN.values():
        if mapping.column(mapping.name, headers) is not None:
            return mapping
    return None


class MappingError(ValueError):
    """A mapping file that does not say what kasales needs: a message key and its parameters."""

    def __init__(self, _key: str, **params: object) -> None:
        super().__init__(_key)
        self.key = _key
        self.params = params


def mapping_from_data(data: Any, label: str) -> CrmMapping:
    """A user's mapping (`name:`, `id:`, `fields:`, `values:`) from loaded YAML; raise MappingError if unusable."""
    if not isinstance(data, dict):
        raise MappingError("map_not_mapping")
    unknown = sorted(set(data) - {"name", "id", "fields", "values"})
    if unknown:
        raise MappingError("map_unknown_key", key=unknown[0])
    if not isinstance(data.get("name"), str):
        raise MappingError("map_needs_name")
    fields = data.get("fields") or {}
    values = data.get("values") or {}
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        raise MappingError("map_bad_fields")
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise MappingError("map_bad_values")
    for path in [*fields, *values]:
        parse_path(str(path))  # EditError for a malformed path, before any row is read
    identity = data.get("id")
    return CrmMapping(label, name=(data["name"],), id_column=(identity,) if isinstance(identity, str) else (),
                      fields={str(k): (v,) for k, v in fields.items()},
                      values={str(f): {_fold(str(k)): (None if v is None else str(v)) for k, v in table.items()}
                              for f, table in values.items()})


class RowError(ValueError):
    """A row that cannot be imported: a message key and its parameters."""

    def __init__(self, _key: str, **params: object) -> None:
        super().__init__(_key)
        self.key = _key
        self.params = params


_ID_SAFE = re.compile(r"[^a-z0-9]+")


def derive_id(name: str, crm_id: str | None = None, prefer_crm: bool = False) -> str:
    """A stable account id: the CRM id (when preferred or when the name is not ASCII), the name's slug,
    or a short hash of the name (`acct-1a2b3c4d5e`) - the same row always gives the same id."""
    clean_crm = re.sub(r"[^A-Za-z0-9_-]+", "-", crm_id or "").strip("-")
    if prefer_crm and clean_crm:
        return clean_crm
    folded = unicodedata.normalize("NFKD", name)
    ascii_only = all(c.isascii() or unicodedata.combining(c) for c in folded)
    slug = _ID_SAFE.sub("-", folded.encode("ascii", "ignore").decode().lower()).strip("-")
    if ascii_only and slug:
        return slug
    if clean_crm:
        return clean_crm
    return "acct-" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class RowPlan:
    """What one row does: the account id and name, and the assignments for the mapped, non-empty cells."""

    account_id: str
    name: str
    assignments: tuple[Assignment, ...]
    columns: tuple[str, ...] = ()  # the column each assignment comes from, for messages


def plan_row(mapping: CrmMapping, headers: Sequence[str], row: Mapping[str, str]) -> RowPlan:
    """The id and assignments of one row; raise RowError when it names no account."""
    name_col = mapping.column(mapping.name, headers)
    name = (row.get(name_col) or "").strip() if name_col else ""
    id_col = mapping.column(mapping.id_column, headers) if mapping.id_column else None
    fallback = [mapping.column([column], headers) for named, column in mapping.id_fallback
                if name_col is not None and _fold(named) == _fold(name_col)]
    crm_id = (row.get(id_col or (fallback[0] if fallback else None) or "") or "").strip() or None
    if not name and not (id_col and crm_id):
        raise RowError("import_no_name", column=name_col or mapping.name[0])
    if crm_id and not id_col:  # a built-in export's record id: say which CRM it comes from
        crm_id = f"{mapping.label}-{crm_id}"
    account = derive_id(name, crm_id, prefer_crm=id_col is not None)
    assignments, columns = [], []
    if name:
        assignments.append(_assign("account.name", name))
        columns.append(name_col or "")
    for path, candidates in mapping.fields.items():
        column = mapping.column(candidates, headers)
        cell = (row.get(column) or "").strip() if column else ""
        if not cell:
            continue  # an empty cell is not known in the CRM either: nothing is overwritten with it
        table = mapping.values.get(path)
        if table is not None and _fold(cell) in table:
            translated = table[_fold(cell)]
            if translated is None:
                continue
            cell = translated
        assignments.append(_assign(path, cell))
        columns.append(column or "")
    return RowPlan(account, name, tuple(assignments), tuple(columns))


def _assign(path: str, value: str) -> Assignment:
    try:
        return Assignment(parse_path(path), value, text=path)
    except EditError as err:  # pragma: no cover - built-in paths are valid; user paths are checked on loading
        raise RowError(err.key, **err.params) from None
