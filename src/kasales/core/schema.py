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
    defs["Flag"] = _flag_schema()
    enums = {name for name, definition in defs.items() if "enum" in definition}
    for name in enums:
        defs[name] = _enum_schema(name, defs[name])
    # `true`/`false` are read as yes/no (a YAML 1.1 habit); the model accepts them, so does the schema.
    defs["ManStatus"]["anyOf"].append({"type": "boolean"})
    defs["Factor"]["properties"]["score"] = {"anyOf": [{"$ref": "#/$defs/Score"}, _NULL], "title": "Score"}
    # an id written as a whole number is its digits (`id: 007`); `id: 1.5` is the text "1.5", which has a '.'
    defs["Account"]["properties"]["id"]["anyOf"][0] = {"type": ["string", "integer"], "pattern": "^[A-Za-z0-9_-]+$"}
    schema["properties"]["schema_version"] = {"const": 1, "description": "Profile format version; only 1 exists."}
    for definition in [schema, *defs.values()]:
        for key, prop in definition.get("properties", {}).items():
            definition["properties"][key] = _widen(prop, defs, enums)
    schema.update(_contract_rule())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "kasales account profile"
    schema["description"] = ("One key account (大客户) per file; see SPEC §10. Unknown keys are errors. "
                             "Enumerated values may be written in English or Chinese.")
    return schema


def _contract_rule() -> dict[str, Any]:
    """SPEC §12: a contract on an open deal is an error - open being the outcome written, null or left out.

    The other contract rules (payments summing above the value, paid before signed) compare values with
    each other, which a JSON Schema cannot; only kasales checks them.
    """
    open_deal = {"anyOf": [{"type": "null"},
                           {"type": "string", "pattern": _spellings(["open", *vocab.CHINESE[vocab.Outcome]["open"]])}]}
    return {"if": {"anyOf": [{"not": {"required": ["outcome"]}}, {"properties": {"outcome": open_deal}}]},
            "then": {"properties": {"contract": {"type": "null"}}}}


def _enum_schema(name: str, definition: dict[str, Any]) -> dict[str, Any]:
    """An enum as the loader reads it (core/vocab.normalize): the values and Chinese terms for completion, and
    a pattern for the other spellings it takes (``Yes``, ``PROSPECT``, a quoted value with spaces around it)."""
    enum = getattr(vocab, name, None)
    values = vocab.terms(enum) if enum is not None else list(definition["enum"])
    meta = {k: v for k, v in definition.items() if k in ("title", "description")}
    return {**meta, "anyOf": [{"enum": values}, {"type": "string", "pattern": _spellings(values)}]}


def _flag_schema() -> dict[str, Any]:
    """A yes/no flag: exactly vocab.FLAG_WORDS, as the loader's ``flag()`` reads them."""
    words = [w for flag in (True, False) for w in vocab.FLAG_WORDS[flag]]
    return {"title": "Flag", "description": "true/false, yes/no, on/off, y/n, 1/0 or 是/否 (any case)",
            "anyOf": [{"type": "boolean"}, {"enum": [1, 0]}, {"type": "string", "pattern": _spellings(words)}]}


_ESCAPES = {"\t": "\\t", "\r": "\\r", "\n": "\\n"}
_SPECIAL = set("\\^$.|?*+()[]{}")


def _spellings(words: list[str]) -> str:
    """A regular expression (ECMA-262 and Python alike) for ``words`` in any ASCII case, with vocab.SPACE around.

    JSON Schema has no case-insensitive flag, so each ASCII letter becomes a class: ``yes`` -> ``[yY][eE][sS]``.
    """
    space = "[" + "".join(_ESCAPES.get(c, c) for c in vocab.SPACE) + "]*"
    assert not any(c in _SPECIAL for word in words for c in word), "a value with a regex character"
    alternatives = ("".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else c for c in word)
                    for word in words)
    return f"^{space}(?:{'|'.join(alternatives)}){space}$"


def _text(prop: dict[str, Any]) -> dict[str, Any]:
    """A text field also takes a number, as the loader reads ``name: 123`` as the text ``123``."""
    if prop.get("type") == "string" and "format" not in prop and "pattern" not in prop:
        return {**prop, "type": ["string", "number"]}
    if "anyOf" in prop:
        return {**prop, "anyOf": [_text(p) for p in prop["anyOf"]]}
    return prop


def _widen(prop: dict[str, Any], defs: dict[str, Any], enums: set[str]) -> dict[str, Any]:
    """One property as the loader reads it: empty blocks, short forms, single values for lists, numbers as text,
    and null for an enum with a default."""
    meta = {k: v for k, v in prop.items() if k in ("title", "description")}
    # object and list defaults are pydantic's expanded empty blocks: noise in an editor's hover text
    if "default" in prop and not isinstance(prop["default"], dict | list):
        meta["default"] = prop["default"]
    ref = prop.get("$ref", "")
    target = ref.rsplit("/", 1)[-1]
    if ref and defs.get(target, {}).get("type") == "object":
        short = [_SHORT_FORMS[target]] if target in _SHORT_FORMS else []
        return {**meta, "anyOf": [{"$ref": ref}, *short, _NULL]}
    if prop.get("type") == "boolean":  # every yes/no field is read by the loader's flag()
        return {**meta, "$ref": "#/$defs/Flag"}
    if target in enums and "default" in prop:  # an enum with a default (`position: ~` means unknown, as leaving it out)
        return {**meta, "anyOf": [{"$ref": ref}, _NULL]}
    if prop.get("type") == "array":
        items = prop["items"]
        if items.get("$ref", "").rsplit("/", 1)[-1] in enums:
            items = {"anyOf": [items, _NULL]}  # a list of values leaves an empty item out (`roles: [~]`)
        return {**meta, "anyOf": [{"type": "array", "items": _text(items)}, _text(items), _NULL]}
    prop = _text(prop)
    return {**{k: v for k, v in prop.items() if k != "default"}, **meta}
