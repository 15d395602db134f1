"""Edit a profile in place with ruamel.yaml's round-trip mode: comments, order, quoting and styles kept.

A file is only edited when the round-trip reproduces it byte for byte *before* any change (ruamel.yaml
has known gaps - some comment layouts, `~` for null - and a file it cannot keep intact is refused, not
damaged); the edited text is then validated by the loader exactly like any profile, and its data is
compared with the original data plus the edits, so nothing else can have changed.
"""

from __future__ import annotations

import copy
import io
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import ScalarString
from ruamel.yaml.tokens import CommentToken

from kasales.core import edits
from kasales.core.edits import Edit
from kasales.core.errors import KasalesError, Msg, Problem
from kasales.core.models import Profile
from kasales.io.loader import parse_profile, read_text
from kasales.io.yamlsafe import YamlFailure, parse

_BOM = b"\xef\xbb\xbf"
# (mapping, sequence, offset) indentations tried in turn: the first that reproduces the file is used
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 3, 0), (2, 3, 1))


class NotRoundTrip(KasalesError):
    """The round-trip cannot reproduce the file byte for byte, so editing it could damage it."""


@dataclass
class Document:
    """A profile file loaded for editing: its text, its round-trip data and how to dump it identically."""

    path: str
    text: str
    bom: bool
    crlf: bool
    yaml: YAML
    data: Any

    def dump(self) -> str:
        """The document as text, in the file's own conventions (BOM and line ends are added on writing)."""
        buffer = io.StringIO()
        self.yaml.dump(self.data, buffer)
        return buffer.getvalue()

    def encoded(self, text: str) -> bytes:
        """``text`` as the file's bytes: its BOM and line ends restored."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (_BOM if self.bom else b"") + text.encode("utf-8")


def _yaml(indent: tuple[int, int, int], explicit_start: bool) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a long line the user wrote on one line
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    yaml.explicit_start = explicit_start
    yaml.allow_unicode = True
    return yaml


def from_text(text: str, path: str, bom: bool = False) -> Document:
    """A Document from profile text; raise NotRoundTrip when no dumper setting reproduces it exactly."""
    crlf = "\r\n" in text
    plain = text.replace("\r\n", "\n") if crlf else text
    if "\r" in plain:
        raise NotRoundTrip([Problem(path, 1, 1, Msg("edit_not_round_trip", line=_cr_line(plain)))])
    explicit = plain.lstrip().startswith("---")
    first_diff = 0
    for indent in _INDENTS:
        yaml = _yaml(indent, explicit)
        try:
            data = yaml.load(plain)
            doc = Document(path, plain, bom, crlf, yaml, data)
            again = doc.dump()
        except YAMLError:
            parse_profile(plain, path)  # the loader's own words, at the problem's position
            break
        if again == plain:
            return doc
        first_diff = max(first_diff, _first_difference(plain, again))
    raise NotRoundTrip([Problem(path, first_diff or 1, 1, Msg("edit_not_round_trip",
                                                                       line=first_diff or 1))])


def _cr_line(text: str) -> int:
    return text.count("\n", 0, text.index("\r")) + 1


def _first_difference(a: str, b: str) -> int:
    """1-based number of the first line where two texts differ."""
    for number, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return number
    return min(len(a.splitlines()), len(b.splitlines())) + 1


def load_document(path: str | Path) -> Document:
    """Read, check and load a profile file for editing (unreadable and non-UTF-8 files are located errors)."""
    path = Path(path)
    text = read_text(path)
    with open(path, "rb") as handle:
        bom = handle.read(3) == _BOM
    return from_text(text, str(path), bom)


# --- making edits, keeping styles -------------------------------------------------------------------


def _styled(old: Any, new: Any) -> Any:
    """``new`` written in ``old``'s style: a quoted string stays quoted, a flow list stays a flow list."""
    if isinstance(new, str) and isinstance(old, ScalarString) and type(old) is not ScalarString:
        return type(old)(new)
    if isinstance(new, list) and not isinstance(new, CommentedSeq):
        seq = CommentedSeq(new)
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            seq.fa.set_flow_style()
        elif old is None or not isinstance(old, CommentedSeq):
            seq.fa.set_flow_style()  # a new list is written `[a, b]`, as the demo profiles write them
        return seq
    return new


def _put(mapping: MutableMapping[Any, Any], key: Any, value: Any, loc: edits.Loc) -> None:
    """Set ``mapping[key]``: in place when the key exists, else inserted in the model's order."""
    if isinstance(mapping, list):
        mapping[key] = _styled(mapping[key], value)
        return
    if key in mapping:
        mapping[key] = _styled(mapping[key], value)
        return
    value = _styled(None, value)
    if not isinstance(mapping, CommentedMap):
        mapping[key] = value
        return
    order = edits.field_order(loc)
    rank = {name: i for i, name in enumerate(order)}
    mine = rank.get(key, len(order))
    keys = list(mapping)
    before = [i for i, k in enumerate(keys) if rank.get(k, len(order)) <= mine]
    position = before[-1] + 1 if before else 0
    mapping.insert(position, key, value)
    if position > 0:
        _move_following_comment(mapping, keys[position - 1], key)


def _move_following_comment(mapping: CommentedMap, previous: Any, new: Any) -> None:
    """Comment lines after ``previous`` belong above the key that follows it: keep them after ``new``.

    ruamel.yaml stores a key's end-of-line comment together with every blank line and comment line
    after it; left there, a new key would land between a section's heading comment and its key.
    """
    entry = mapping.ca.items.get(previous)
    token = entry[2] if entry and len(entry) > 2 else None
    if not isinstance(token, CommentToken) or "\n" not in token.value:
        return
    value = token.value
    cut = 0 if value.startswith("\n") else value.index("\n") + 1  # the end-of-line comment stays
    own, rest = value[:cut], value[cut:]
    if not rest:
        return
    entry[2] = None
    if own:
        entry[2] = CommentToken(own, token.start_mark, token.end_mark)
        entry[2].column = token.column
    moved = CommentToken("\n" + rest if own else rest, token.start_mark, token.end_mark)
    mapping.ca.items.setdefault(new, [None, None, None, None])[2] = moved


def _new_map() -> CommentedMap:
    return CommentedMap()


def plan(doc: Document, assignments: Sequence[edits.Assignment]) -> list[Edit]:
    """The edits of ``assignments`` on ``doc``, in order; raise EditError for the first that cannot be made."""
    data = _normal(doc.data)
    out = []
    for assignment in assignments:
        edit = edits.resolve(assignment, data)
        edits.apply(data, edit)  # a later assignment sees the earlier ones (`a.b=x a.b.c=y`)
        out.append(edit)
    return out


def apply_edits(doc: Document, changes: Sequence[Edit]) -> None:
    """Make every edit on the document's round-trip data."""
    for edit in changes:
        edits.apply(doc.data, edit, _put, _new_map)


@dataclass
class Outcome:
    """The result of editing a document: the new text and profile, and whether anything changed."""

    text: str
    profile: Profile
    changed: bool


def edited(doc: Document, changes: Sequence[Edit]) -> Outcome:
    """Apply ``changes`` to ``doc`` and return the validated new text; raise KasalesError if it is invalid.

    The new text must validate as a profile, and its data must equal the original data with the same
    edits made on plain data: anything else changing would be a round-trip bug, refused here.
    """
    before = _plain(doc.text)
    apply_edits(doc, changes)
    text = doc.dump()
    profile = parse_profile(text, doc.path)
    expected = copy.deepcopy(before) if isinstance(before, dict) else {}
    for edit in changes:
        edits.apply(expected, edit)
    if _plain(text) != _normal(expected):
        raise KasalesError([Problem(doc.path, 1, 1, Msg("edit_changed_more"))])
    return Outcome(text, profile, text != doc.text)


def _plain(text: str) -> Any:
    try:
        return _normal(parse(text))
    except YamlFailure:
        return None


def _normal(value: Any) -> Any:
    """Plain data for comparison (ruamel's string and sequence types become str and list)."""
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, ScalarString):
        return str(value)
    return value
