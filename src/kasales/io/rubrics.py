"""Loading rubrics: the one shipped with kasales, or a user's file that may `extends: default`."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kasales.core.errors import KasalesError, Msg, Problem
from kasales.core.rubric import Rubric
from kasales.io.loader import read_text, validate_text
from kasales.io.yamlsafe import YamlFailure, parse

PREPARED = "default.json"  # the default rubric's YAML as JSON data, tagged with the hash of that YAML


def _default_text() -> str:
    data = resources.files("kasales").joinpath("data")
    # checklists.yaml holds the one top-level key `checklists`; kept in its own file for readability
    return "\n".join(data.joinpath(name).read_text(encoding="utf-8") for name in ("default.yaml", "checklists.yaml"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prepared_text(text: str | None = None) -> str:
    """The prepared form of the default rubric: its YAML's data as JSON, with the sha256 of that YAML."""
    text = _default_text() if text is None else text
    return json.dumps({"yaml_sha256": _digest(text), "rubric": parse(text)}, ensure_ascii=False, indent=1) + "\n"


def write_prepared() -> Path:
    """Rewrite data/default.json from the YAML (after editing data/*.yaml; a test says when it is due)."""
    target = Path(str(resources.files("kasales").joinpath("data", PREPARED)))
    target.write_text(prepared_text(), encoding="utf-8")
    return target


def _default_data(text: str) -> dict[str, Any]:
    """The default rubric's data: from the prepared JSON (YAML parsing costs a one-file run ~14 ms) when it was
    made from exactly this YAML, else parsed from the YAML, so an edited YAML is never shadowed by a stale form."""
    try:
        prepared = json.loads(resources.files("kasales").joinpath("data", PREPARED).read_text(encoding="utf-8"))
        if prepared["yaml_sha256"] == _digest(text) and isinstance(prepared["rubric"], dict):
            return prepared["rubric"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return parse(text)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge mappings: the user's file overrides only the parts it names."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
            if _rewords(merged[key], value):
                # new words are the user's, not the course's (SPEC §13): the default's source no longer holds
                del merged[key]["source"]
        else:
            merged[key] = value
    return merged


def _rewords(text: dict[str, Any], override: dict[str, Any]) -> bool:
    """True when ``override`` changes the words of a text that had a source, without naming its own."""
    return "source" in text and "source" not in override and any(key in override for key in ("en", "zh"))


@cache
def default_rubric() -> Rubric:
    """The rubric shipped with kasales."""
    text = _default_text()
    return validate_text(Rubric, text, "kasales/data/default.yaml", data=_default_data(text))


def load_rubric(path: str | Path | None) -> Rubric:
    """The default rubric, or a user's file (which may ``extends: default``), validated with positions."""
    if path is None:
        return default_rubric()
    shown = str(path)
    text = read_text(Path(path))
    try:
        data = parse(text)
    except YamlFailure:
        return validate_text(Rubric, text, shown)  # reports the YAML problems with positions
    if not isinstance(data, dict):
        raise KasalesError([Problem(shown, 1, 1, Msg("rubric_not_mapping"))])
    if data.get("extends") not in (None, "default"):
        raise KasalesError([Problem(shown, 1, 1, Msg("rubric_extends", found=str(data["extends"])[:80]))])
    base = _default_data(_default_text())
    if data.get("extends") == "default":
        data = _merge(base, data)
    else:
        # checklists are optional in a user's rubric: the stages and categories it leaves out are the
        # built-in ones, filled in here so the core never falls back to a rubric it was not given
        data = {**data, "checklists": _merge(base["checklists"], data.get("checklists") or {})}
    return validate_text(Rubric, text, shown, data=data)
