"""Field -> line maps of profile files, so a finding about a field is annotated at that field's line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kasales.core.errors import KasalesError
from kasales.io.loader import read_text
from kasales.io.yamlfast import last_tree
from kasales.io.yamlsafe import YamlFailure, compose

_ITEM_KEYS = ("name", "due")  # list items are also found by these (`stakeholders[name=陈总]`, payments by due)


def field_lines(text: str) -> dict[str, int]:
    """``{"stage": 7, "evaluation.credit": 21, "stakeholders[1]": 30, "stakeholders[name=陈总]": 30, ...}``:
    the 1-based line of every key and list item of a profile's text."""
    lines: dict[str, int] = {}
    tree = last_tree(text)  # the file was just loaded to be scored: its nodes are at hand
    _walk(compose(text) if tree is None else tree, "", lines)
    return lines


def file_field_lines(path: str | Path) -> dict[str, int]:
    """field_lines of a file; empty when it cannot be read now (the finding then points at line 1)."""
    try:
        return field_lines(read_text(Path(path)))
    except (KasalesError, YamlFailure):
        return {}


def _walk(node: Any, prefix: str, lines: dict[str, int]) -> None:
    if node is None:
        return
    if node.id == "mapping":
        for key, value in node.value:
            if key.id != "scalar":
                continue
            path = f"{prefix}.{key.value}" if prefix else str(key.value)
            lines.setdefault(path, key.start_mark.line + 1)
            _walk(value, path, lines)
    elif node.id == "sequence":
        for index, item in enumerate(node.value):
            line = item.start_mark.line + 1
            lines.setdefault(f"{prefix}[{index}]", line)
            if item.id == "mapping":
                for key, value in item.value:
                    if key.id == "scalar" and key.value in _ITEM_KEYS and value.id == "scalar":
                        lines.setdefault(f"{prefix}[{key.value}={value.value}]", line)
            _walk(item, f"{prefix}[{index}]", lines)
