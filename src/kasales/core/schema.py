"""The JSON Schema of a profile, generated from the models and widened to everything kasales accepts."""

from __future__ import annotations

from typing import Any

from kasales.core import vocab
from kasales.core.models import Profile

SCHEMA_ID = "https://kasales.invalid/schema/profile.schema.json"
_NULL = {"type": "null"}
_SCORE = {"type": "integer", "minimum": 1, "maximum": 5, "description": "1 (worst) to 5 (best)"}
# Blocks that also have a short form (SPEC §10): `money: yes`, `credit: 4`, `org_structure: done`.
_SHORT_FORMS = {"ManDimension": {"$ref": "#/$defs/ManStatus"}, "Factor": {"$ref": "#/$defs/Score"},
                "IntelItem": {"$ref": "#/$defs/IntelStatus"}}


def profile_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a profile that accepts exactly the forms kasales accepts.

    Pydantic's schema only knows the long forms and English values; editors would then flag valid
    profiles. So the enums gain their Chinese terms (SPEC §11), blocks gain their short forms and
    may be left empty, and a list also accepts a single value (`roles: decision_maker`).
    """
    schema = Profile.model_json_schema(mode="validation")
    defs = schema["$defs"]
    defs["Score"] = dict(_SCORE)
    for name, definition in defs.items():
        if "enum" in definition:
            _add_chinese(name, definition)
    # `true`/`false` are read as yes/no (a YAML 1.1 habit); the model accepts them, so does the schema.
    defs["ManStatus"] = {"anyOf": [defs["ManStatus"], {"type": "boolean"}], "title": "ManStatus"}
    defs["Factor"]["properties"]["score"] = {"anyOf": [{"$ref": "#/$defs/Score"}, _NULL], "title": "Score"}
    defs["Account"]["properties"]["id"]["anyOf"][0]["pattern"] = "^[A-Za-z0-9_-]+$"
    schema["properties"]["schema_version"] = {"const": 1, "description": "Profile format version; only 1 exists."}
    for definition in [schema, *defs.values()]:
        for key, prop in definition.get("properties", {}).items():
            definition["properties"][key] = _widen(prop, defs)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "kasales account profile"
    schema["description"] = ("One key account (大客户) per file; see SPEC §10. Unknown keys are errors. "
                             "Enumerated values may be written in English or Chinese.")
    return schema


def _add_chinese(name: str, definition: dict[str, Any]) -> None:
    """Append the Chinese terms of an enum (all spellings kasales accepts) after the English values."""
    enum = getattr(vocab, name, None)
    if enum is None or enum not in vocab.CHINESE:
        return
    terms = [term for value in definition["enum"] for term in vocab.CHINESE[enum].get(value, ())]
    definition["enum"] = [*definition["enum"], *terms]


def _widen(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """One property as the loader reads it: empty blocks, short forms, and single values for lists."""
    meta = {k: v for k, v in prop.items() if k in ("title", "description")}
    # object and list defaults are pydantic's expanded empty blocks: noise in an editor's hover text
    if "default" in prop and not isinstance(prop["default"], dict | list):
        meta["default"] = prop["default"]
    ref = prop.get("$ref", "")
    target = ref.rsplit("/", 1)[-1]
    if ref and defs.get(target, {}).get("type") == "object":
        short = [_SHORT_FORMS[target]] if target in _SHORT_FORMS else []
        return {**meta, "anyOf": [{"$ref": ref}, *short, _NULL]}
    if prop.get("type") == "array":
        items = prop["items"]
        return {**meta, "anyOf": [{"type": "array", "items": items}, items, _NULL]}
    return {**{k: v for k, v in prop.items() if k != "default"}, **meta}
