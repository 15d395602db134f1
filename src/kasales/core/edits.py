"""Field assignments on a profile (`man.authority=yes`): parsing, resolving against the model, applying.

Pure: the assignment is checked against the profile model (which field, which kind of value) and turned
into an `Edit` on the document's plain data; whether the value is *valid* is left to the loader, which
validates the edited document exactly as it validates any profile. `io.edit` applies the same edits to
a round-trip YAML document, keeping comments and styles.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from kasales.core.models import Factor, IntelItem, ManDimension, Profile

# Blocks with a short form (`money: yes` for `money: {status: yes}`): the key a bare value stands for
SHORT_KEYS: dict[type[BaseModel], str] = {ManDimension: "status", Factor: "score", IntelItem: "status"}
# The field that names an item of a list when a selector such as `stakeholders[陈总]` gives no key
SELECT_KEYS = {"stakeholders": "name", "competitors": "name", "objections": "text"}
TRUE_WORDS = frozenset({"true", "yes", "y", "是", "对"})
FALSE_WORDS = frozenset({"false", "no", "n", "否", "不"})

Loc = tuple[str | int, ...]


class EditError(Exception):
    """An assignment that cannot be made: a message key of the catalogue and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Segment:
    """One step of a path: a field name and an optional list selector (`0` or `name=陈总`)."""

    name: str
    selector: tuple[str | None, str] | None = None  # (key or None for an index, value)


@dataclass(frozen=True)
class Assignment:
    """`PATH=VALUE` (or `PATH+=VALUE`, appending to a list) as typed."""

    path: tuple[Segment, ...]
    raw: str
    append: bool = False
    text: str = ""  # the path as typed, for messages

    @property
    def dotted(self) -> str:
        """The path as typed (`stakeholders[name=陈总].attitude`)."""
        return self.text


@dataclass(frozen=True)
class Edit:
    """Set ``key`` of the block at ``where`` to ``value`` (``short``: the block's short-form key, if any)."""

    where: Loc
    key: str
    value: Any
    short: str | None = None
    append: bool = False
    label: str = ""  # the path as the user typed it

    @property
    def loc(self) -> Loc:
        """Where the value ends up (`("man", "authority", "status")`)."""
        return (*self.where, self.key)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_path(text: str) -> tuple[Segment, ...]:
    """`stakeholders[name=陈总].attitude` -> segments; raise EditError for a malformed path."""
    segments: list[Segment] = []
    pos = 0
    while True:
        match = _NAME.match(text, pos)
        if match is None:
            raise EditError("edit_bad_path", path=text)
        name, pos = match.group(), match.end()
        selector = None
        if pos < len(text) and text[pos] == "[":
            end = _closing(text, pos)
            selector = _selector(text[pos + 1:end], text)
            pos = end + 1
        segments.append(Segment(name, selector))
        if pos == len(text):
            return tuple(segments)
        if text[pos] != ".":
            raise EditError("edit_bad_path", path=text)
        pos += 1


def _closing(text: str, start: int) -> int:
    """Index of the `]` closing the selector at ``start``, skipping quoted text."""
    quote = None
    for i in range(start + 1, len(text)):
        char = text[i]
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "]":
            return i
    raise EditError("edit_bad_path", path=text)


def _selector(inner: str, text: str) -> tuple[str | None, str]:
    """`0` -> (None, "0"); `name=陈总` -> ("name", "陈总"); `陈总` -> (None, "陈总")."""
    key, sep, value = inner.partition("=")
    if sep and _NAME.fullmatch(key.strip()):
        return key.strip(), _unquote(value.strip())
    if not inner.strip():
        raise EditError("edit_bad_path", path=text)
    return None, _unquote(inner.strip())


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def parse_assignment(text: str) -> Assignment:
    """`PATH=VALUE` or `PATH+=VALUE` -> Assignment; the first `=` outside brackets splits them."""
    depth = 0
    for i, char in enumerate(text):
        depth += char == "["
        depth -= char == "]"
        if char == "=" and depth == 0:
            append = i > 0 and text[i - 1] == "+"
            path = text[:i - 1] if append else text[:i]
            return Assignment(parse_path(path.strip()), text[i + 1:], append, path.strip())
    raise EditError("edit_no_value", text=text)


# --- the model: what kind of value lives at a path ---------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What a field holds: a block (model), a list, or a scalar of one kind."""

    name: str  # model | list | enum | text | int | bool | date
    model: type[BaseModel] | None = None
    enum: type[StrEnum] | None = None
    item: Kind | None = None


def kind_of(annotation: Any) -> Kind:
    """The Kind of a (possibly Annotated, Optional) field annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return kind_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return kind_of(inner[0])
    if origin is list:
        return Kind("list", item=kind_of(typing.get_args(annotation)[0]))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return Kind("model", model=annotation)
        if issubclass(annotation, StrEnum):
            return Kind("enum", enum=annotation)
        if annotation is bool:
            return Kind("bool")
        if annotation is int:
            return Kind("int")
        if annotation is dt.date:
            return Kind("date")
    return Kind("text")


def fields_of(model: type[BaseModel]) -> dict[str, Kind]:
    """The fields of a block in the model's order, with their kinds."""
    return {name: kind_of(info.annotation) for name, info in model.model_fields.items()}


def model_at(loc: Loc) -> type[BaseModel] | None:
    """The block model at a concrete location (list indices skipped), or None when it is not a block."""
    model: type[BaseModel] = Profile
    for step in loc:
        if isinstance(step, int):
            continue
        kind = fields_of(model).get(step)
        while kind is not None and kind.name == "list":
            kind = kind.item
        if kind is None or kind.model is None:
            return None
        model = kind.model
    return model


def field_order(loc: Loc) -> tuple[str, ...]:
    """The keys of the block at ``loc`` in the model's order (new keys are inserted in that order)."""
    model = model_at(loc)
    return tuple(model.model_fields) if model else ()


# --- resolving an assignment against a document's data ------------------------------------------------


def resolve(assignment: Assignment, data: Any) -> Edit:
    """The Edit an assignment makes on ``data`` (the document's plain data); raise EditError if it cannot."""
    model: type[BaseModel] = Profile
    where: list[str | int] = []
    node = data
    segments = assignment.path
    for i, seg in enumerate(segments):
        fields = fields_of(model)
        kind = fields.get(seg.name)
        shown = _shown(segments[: i + 1])
        if kind is None:
            close = difflib.get_close_matches(seg.name, list(fields), n=1)
            raise EditError("edit_unknown_field", path=shown, known=", ".join(fields), guess=close[0] if close else "")
        last = i == len(segments) - 1
        if kind.name == "list" and kind.item is not None and kind.item.model is not None:
            if seg.selector is None:
                raise EditError("edit_needs_selector", path=shown, example=f"{seg.name}[0]")
            items = node.get(seg.name) if isinstance(node, dict) else None
            index = _select(items if isinstance(items, list) else [], seg, shown)
            where += [seg.name, index]
            node, model = items[index], kind.item.model  # type: ignore[index]
            if last:
                raise EditError("edit_pick_field", path=shown, known=", ".join(fields_of(model)))
            continue
        if seg.selector is not None:
            raise EditError("edit_no_selector", path=shown)
        if kind.name == "model" and kind.model is not None:
            where.append(seg.name)
            node = node.get(seg.name) if isinstance(node, dict) else None
            model = kind.model
            if last:
                short = SHORT_KEYS.get(model)
                if short is None:
                    raise EditError("edit_pick_field", path=shown, known=", ".join(fields_of(model)))
                return _edit(assignment, tuple(where), short, fields_of(model)[short], short)
            continue
        if not last:
            raise EditError("edit_not_block", path=shown)
        return _edit(assignment, tuple(where), seg.name, kind, SHORT_KEYS.get(model))
    raise EditError("edit_bad_path", path=assignment.dotted)  # pragma: no cover - a path has a segment


def _edit(assignment: Assignment, where: Loc, key: str, kind: Kind, short: str | None) -> Edit:
    if assignment.append and kind.name != "list":
        raise EditError("edit_append_scalar", path=assignment.dotted)
    return Edit(where, key, convert(kind, assignment.raw), short, assignment.append, assignment.dotted)


def _shown(segments: Sequence[Segment]) -> str:
    parts = []
    for seg in segments:
        text = seg.name
        if seg.selector is not None:
            key, value = seg.selector
            text += f"[{key}={value}]" if key else f"[{value}]"
        parts.append(text)
    return ".".join(parts)


def _select(items: list[Any], seg: Segment, shown: str) -> int:
    """The index of the list item a selector names; raise EditError when none or several match."""
    assert seg.selector is not None
    key, value = seg.selector
    if key is None and value.isdigit():
        index = int(value)
        if index >= len(items):
            raise EditError("edit_no_item", path=shown, count=len(items))
        return index
    key = key or SELECT_KEYS.get(seg.name, "name")
    hits = [i for i, item in enumerate(items) if isinstance(item, dict) and str(item.get(key)) == value]
    if len(hits) == 1:
        return hits[0]
    names = ", ".join(str(item.get(key)) for item in items if isinstance(item, dict) and item.get(key) is not None)
    if not hits:
        raise EditError("edit_no_match", path=shown, names=names or "-")
    raise EditError("edit_ambiguous", path=shown, count=len(hits), first=f"{seg.name}[{hits[0]}]")


# --- values: the YAML type a typed value is written as -------------------------------------------------


def convert(kind: Kind, raw: str) -> Any:
    """The value to write for ``raw`` text: typed where the field is typed, else the text as given.

    Nothing is rejected here: a value of the wrong kind is written as text and the loader's validation
    of the edited document reports it, in the loader's own words.
    """
    text = raw.strip()
    if kind.name == "list" and kind.item is not None:
        return [convert(kind.item, item) for item in split_list(text)]
    if kind.name == "int" and re.fullmatch(r"[+-]?\d{1,6}", text):
        return int(text)
    if kind.name == "bool" and text.lower() in TRUE_WORDS | FALSE_WORDS:
        return text.lower() in TRUE_WORDS
    if kind.name == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if kind.name == "enum":
        return text
    return raw  # free text keeps its spaces


def split_list(text: str) -> list[str]:
    """Items of a list value: `[a, b]`, or items separated by `,` `，` or `、`; empty text is no item."""
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return [_unquote(item.strip()) for item in re.split(r"[,，、]", text) if item.strip()]


# --- applying edits to plain data (and, through the hooks, to a round-trip document) -----------------

Put = Callable[[MutableMapping[Any, Any], str, Any, Loc], None]


def _plain_put(mapping: MutableMapping[Any, Any], key: str, value: Any, loc: Loc) -> None:
    mapping[key] = value


def apply(root: MutableMapping[Any, Any], edit: Edit, put: Put = _plain_put,
          new_map: Callable[[], MutableMapping[Any, Any]] = dict) -> None:
    """Make ``edit`` on ``root``; missing or empty blocks on the way are created, short forms kept or expanded.

    ``put`` and ``new_map`` let `io.edit` keep comments and styles of a round-trip document.
    """
    if not edit.where:
        _set(root, edit, put)
        return
    parent: Any = root
    for depth, step in enumerate(edit.where[:-1]):
        nxt = parent[step] if isinstance(step, int) else parent.get(step)
        if not isinstance(nxt, MutableMapping | list):
            nxt = new_map()
            put(parent, step, nxt, edit.where[:depth])  # type: ignore[arg-type]
        parent = nxt
    last = edit.where[-1]
    block = parent[last] if isinstance(last, int) else parent.get(last)
    if isinstance(block, MutableMapping):
        _set(block, edit, put)
    elif edit.short is not None and edit.key == edit.short and not edit.append:
        put(parent, last, edit.value, edit.where[:-1])  # type: ignore[arg-type]  # short form stays short
    else:
        fresh = new_map()
        if block is not None and edit.short is not None:  # `money: yes` + evidence -> {status: yes, evidence}
            fresh[edit.short] = block
        put(parent, last, fresh, edit.where[:-1])  # type: ignore[arg-type]
        _set(parent[last], edit, put)


def _set(block: MutableMapping[Any, Any], edit: Edit, put: Put) -> None:
    value = edit.value
    if edit.append:
        old = block.get(edit.key)
        old_items = list(old) if isinstance(old, list) else [] if old is None else [old]
        value = old_items + [v for v in value if v not in old_items]
    put(block, edit.key, value, edit.where)
