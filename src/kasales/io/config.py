"""Find and read a kasales configuration: `.kasales.yaml`, or `[tool.kasales]` in pyproject.toml.

Discovered like yamllint and ruff: from a folder (the current one) upwards, the nearest folder holding either
file wins; in one folder `.kasales.yaml` wins over pyproject.toml. A pyproject.toml without a `[tool.kasales]`
table is no configuration and the search goes on above it. Every problem is located (``path:line:column``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kasales.core.errors import KasalesError, Msg, Problem

if TYPE_CHECKING:  # pydantic is imported only when a configuration is loaded (`kasales --help` stays light)
    from kasales.core.config import Config

CONFIG_NAME = ".kasales.yaml"
PYPROJECT = "pyproject.toml"
_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*kasales\s*\]\s*(#.*)?$")
_HEADER = re.compile(r"^\s*\[")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Loaded:
    """A configuration file, what it sets, and where each key it sets is written (1-based line, column)."""

    path: Path
    config: Config
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        """The folder paths in the configuration are relative to."""
        return self.path.parent

    def where(self, key: str) -> str:
        """``path:line:column`` of ``key`` (the file's first line when the key is not written there)."""
        line, column = self.positions.get(key, (1, 1))
        return f"{self.path}:{line}:{column}"

    def problem(self, key: str, message: Msg) -> Problem:
        """A problem with the value of ``key``, at the key."""
        line, column = self.positions.get(key, (1, 1))
        return Problem(str(self.path), line, column, message)

    def rubric_path(self) -> Path | None:
        """The configured rubric file, relative to the configuration's folder."""
        if self.config.rubric is None:
            return None
        return self.folder / os.path.expanduser(self.config.rubric)


def find_config(start: Path) -> Path | None:
    """The nearest `.kasales.yaml`, or pyproject.toml with a `[tool.kasales]` table, in ``start`` or above."""
    folder = Path(os.path.abspath(start))
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(path: Path) -> bool:
    """Whether a pyproject.toml has a `[tool.kasales]` table (a cheap look before parsing the whole file)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "kasales" not in text:
        return False
    if any(_TABLE.match(line) for line in text.splitlines()):
        return True
    data = _toml_or_none(text)
    return isinstance(data, dict) and isinstance(data.get("tool"), dict) and "kasales" in data["tool"]


def _toml_or_none(text: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def load_config(path: Path) -> Loaded:
    """Read and validate the configuration in ``path``; raise KasalesError with located problems."""
    from kasales.io.loader import read_text

    text = read_text(path)
    if path.name == PYPROJECT or path.suffix.lower() == ".toml":
        return _load_toml(path, text)
    return _load_yaml(path, text)


def _load_yaml(path: Path, text: str) -> Loaded:
    from kasales.core.config import Config
    from kasales.io.loader import validate_text
    from kasales.io.yamlsafe import YamlFailure, compose, parse

    shown = str(path)
    try:
        data = parse(text)
    except YamlFailure:
        validate_text(Config, text, shown)  # raises the YAML problems with their positions
        raise AssertionError("validate_text raises for text that does not parse") from None
    if data is None:  # an empty file: every key at its default
        return Loaded(path, Config())
    if not isinstance(data, dict):
        raise KasalesError([Problem(shown, 1, 1, Msg("config_not_mapping"))])
    config = validate_text(Config, text, shown, data=data)
    positions = {}
    root = compose(text)
    for key, _value in root.value if root is not None and root.id == "mapping" else ():
        if key.id == "scalar":
            positions[str(key.value)] = (key.start_mark.line + 1, key.start_mark.column + 1)
    return Loaded(path, config, positions)


def _load_toml(path: Path, text: str) -> Loaded:
    import tomllib

    from pydantic import ValidationError

    from kasales.core.config import Config

    shown = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = _TOML_AT.search(str(err))
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        detail = _TOML_AT.sub("", str(err)).strip()
        raise KasalesError([Problem(shown, line, column, Msg("toml_syntax", problem=detail))]) from None
    table = data.get("tool", {}).get("kasales") if isinstance(data.get("tool"), dict) else None
    positions = _toml_positions(text)
    if table is None:
        table = {}
    if not isinstance(table, dict):
        raise KasalesError([Problem(shown, 1, 1, Msg("config_not_mapping"))])
    try:
        config = Config.model_validate(table)
    except ValidationError as err:
        from kasales.io.loader import _message

        problems = []
        for error in err.errors(include_url=False, include_input=True):
            loc = tuple(part for part in error["loc"] if isinstance(part, str | int))
            line, column = positions.get(str(loc[0]), positions.get("", (1, 1))) if loc else (1, 1)
            problems.append(Problem(shown, line, column, _message(Config, {**error, "loc": loc})))
        raise KasalesError(sorted(problems)) from None
    return Loaded(path, config, {k: v for k, v in positions.items() if k})


def _toml_positions(text: str) -> dict[str, tuple[int, int]]:
    """Where each key of the `[tool.kasales]` table is written ("" -> the table's header)."""
    positions: dict[str, tuple[int, int]] = {}
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        if _TABLE.match(line):
            inside = True
            positions[""] = (number, line.index("[") + 1)
            continue
        if inside and _HEADER.match(line):
            break
        if inside:
            found = re.match(r"^(\s*)[\"']?([A-Za-z0-9_-]+)[\"']?\s*=", line)
            if found:
                positions.setdefault(found[2], (number, len(found[1]) + 1))
    return positions
