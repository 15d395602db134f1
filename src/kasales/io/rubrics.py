"""Loading rubrics: the one shipped with kasales, or a user's file that may `extends: default`."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kasales.core.errors import KasalesError, Msg, Problem
from kasales.core.rubric import Rubric
from kasales.io.loader import read_text, validate_text
from kasales.io.yamlsafe import YamlFailure, parse


def _default_text() -> str:
    data = resources.files("kasales").joinpath("data")
    # checklists.yaml holds the one top-level key `checklists`; kept in its own file for readability
    return "\n".join(data.joinpath(name).read_text(encoding="utf-8") for name in ("default.yaml", "checklists.yaml"))


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
    return validate_text(Rubric, _default_text(), "kasales/data/default.yaml")


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
    base = parse(_default_text())
    if data.get("extends") == "default":
        data = _merge(base, data)
    else:
        # checklists are optional in a user's rubric: the stages and categories it leaves out are the
        # built-in ones, filled in here so the core never falls back to a rubric it was not given
        data = {**data, "checklists": _merge(base["checklists"], data.get("checklists") or {})}
    return validate_text(Rubric, text, shown, data=data)
