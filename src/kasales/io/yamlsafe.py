"""Parse untrusted YAML text fast and safely: C loader, bounded nesting, bounded alias expansion."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import ComposerError
from ruamel.yaml.constructor import DuplicateKeyError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from kasales.io import yamlfast

MAX_DEPTH = 48  # far beyond any profile (about 5 levels), far below where libyaml's recursion crashes
MAX_VALUES = 50_000  # values after alias expansion: a few times MAX_NODES, so aliases cannot multiply the output
MAX_NODES = 20_000  # keys, values and items as written; a real profile has a few hundred (each costs ~35 µs)
MAX_TEXT = 2 * 1_048_576  # characters of text after alias expansion: what the output may have to repeat
_PRESCAN_DEPTH = 2_000  # upper bound checked before libyaml sees the text (it segfaults near 30,000)
_LEADING = re.compile(r"^[ \t?-]*", re.MULTILINE)
_HALF = _PRESCAN_DEPTH // 2
_LONG_LEADING = re.compile(rf"^[ \t?-]{{{_HALF}}}", re.MULTILINE)  # a line starting with _HALF such characters


@dataclass(frozen=True)
class YamlIssue:
    """A problem with the YAML text itself, at a 0-based line and column."""

    kind: str  # syntax | duplicate_key | multi_doc | too_deep | too_big | too_much_text | too_many_nodes | cyclic
    line: int
    column: int
    params: dict[str, object]


class YamlFailure(Exception):
    """Raised with every YAML-level issue found in a text."""

    def __init__(self, issues: list[YamlIssue]) -> None:
        self.issues = issues
        super().__init__(issues)


class IntAsWritten(int):
    """An integer written in a form its value does not show (``000001``, ``0x1F``, ``1_000``).

    It is the number for a number field (a score) and the text as written for a text field: pydantic
    turns a number into text with ``str()``, so ``id: 000001`` stays ``"000001"``, never ``"1"``.
    """

    yaml_text: str

    def __str__(self) -> str:
        """The scalar as the file wrote it."""
        return self.yaml_text


class FloatAsWritten(float):
    """A float written in a form its value does not show (``3.10``, ``1e3``, ``.5``): see IntAsWritten."""

    yaml_text: str

    def __str__(self) -> str:
        """The scalar as the file wrote it."""
        return self.yaml_text


def _as_written(value: Any, node: Any, kind: type[Any]) -> Any:
    """``value``, or the same number remembering its text when ``str(value)`` would not give that text back."""
    text = node.value if isinstance(node.value, str) else None
    if text is None or type(value) not in (int, float) or str(value) == text:
        return value
    number = kind(value)
    number.yaml_text = text
    return number


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Constructor(SafeConstructor):
    """The safe constructor, except that an impossible date (2026-13-45) stays text, and numbers keep their text.

    The stock constructor raises a bare ValueError without a position, which would hide every other
    problem of the file; as text, the model reports it as a bad date at its line and column. A number
    written as ``007`` or ``3.10`` is text in a text field (an id, an industry code), exactly as written.
    """

    def construct_yaml_int(self, node: Any) -> Any:
        """An int; one written unlike its value (``000001``) keeps its text for text fields."""
        text = node.value
        if text.isdigit() and text.isascii() and (text[0] != "0" or len(text) == 1):
            # plain decimal digits (nearly every int): the stock rules give int(text) too, after two slow
            # look-ups of the YAML version (each fails over AttributeErrors with the C parser)
            return int(text)
        return _as_written(super().construct_yaml_int(node), node, IntAsWritten)

    def construct_yaml_float(self, node: Any) -> Any:
        """A float; one written unlike its value (``3.10``) keeps its text for text fields."""
        return _as_written(super().construct_yaml_float(node), node, FloatAsWritten)

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        """A date or datetime, or the scalar's text when it is not a real calendar date."""
        text = node.value
        if values is None and len(text) == 10 and _DATE.fullmatch(text):  # YYYY-MM-DD, most dates
            try:
                return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))  # what the stock rules make of it
            except ValueError:
                return self.construct_scalar(node)
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)


def _yaml(pure: bool = False) -> YAML:
    yaml = YAML(typ="safe", pure=pure)
    yaml.Constructor = _Constructor
    if not pure:  # the pure loader keeps one resolver for every document: leave its lookup alone
        yaml.Resolver = yamlfast.Resolver
    return yaml


try:  # the C loader ships in ruamel.yaml.clib; without it we fall back to the pure-Python parser
    from ruamel.yaml.cyaml import CParser  # noqa: F401

    HAS_C_LOADER = True
except ImportError:  # pragma: no cover - depends on the platform
    HAS_C_LOADER = False

_LOADER = _yaml(pure=not HAS_C_LOADER)


def _nesting_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth: flow brackets plus the deepest block indentation."""
    flow = text.count("[") + text.count("{")
    if flow < _HALF and not _LONG_LEADING.search(text):  # nearly every text: no line's indentation is measured
        return flow + _HALF - 1  # the block indentation is below _HALF
    block = max(map(len, _LEADING.findall(text)), default=0)
    if flow + block <= _PRESCAN_DEPTH:
        return flow + block
    depth = deepest = 0
    for char in text:  # rare: only for texts with thousands of brackets
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest + block


_ALIAS = re.compile(r"(?<![\w\"'])\*[^\s,\[\]{}]+")


def _first_alias(text: str) -> tuple[int, int]:
    """0-based line and column of the first alias, where size and cycle problems come from."""
    match = _ALIAS.search(text)
    if match is None:
        return 0, 0
    line = text.count("\n", 0, match.start())
    return line, match.start() - (text.rfind("\n", 0, match.start()) + 1)


def _check_shape(data: Any, text: str) -> None:
    """Walk the loaded data without recursion: bounded depth, bounded size (values and text), no cycles.

    Aliases repeat a value without repeating its text: a 100 KB file could otherwise make every output
    format print a long text a hundred thousand times.
    """
    count = chars = 0
    stack: list[tuple[Any, int, frozenset[int]]] = [(data, 0, frozenset())]
    while stack:
        value, depth, ancestors = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise YamlFailure([YamlIssue("too_big", *_first_alias(text), {"limit": MAX_VALUES})])
        if isinstance(value, str):
            chars += len(value)
            if chars > MAX_TEXT:
                raise YamlFailure([YamlIssue("too_much_text", *_first_alias(text), {"limit": MAX_TEXT})])
        if depth > MAX_DEPTH:
            raise YamlFailure([YamlIssue("too_deep", 0, 0, {"limit": MAX_DEPTH})])
        if isinstance(value, dict | list):
            if id(value) in ancestors:
                raise YamlFailure([YamlIssue("cyclic", *_first_alias(text), {})])
            inner = ancestors | {id(value)}
            children = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((child, depth + 1, inner) for child in children)


# Every node follows one of these: a flow indicator, a key's colon, a block entry's dash, or a line break.
_NODE_MARKS = (",", "[", "{", ":", "-", "?", "\n")


def _check_size(text: str) -> None:
    """Refuse a text of more than MAX_NODES nodes before it is composed (composing costs ~35 µs a node).

    Counting the characters that can start a node is a cheap upper bound that a profile passes at once;
    only a text above it (a long note full of commas, or a bomb) has its events counted, stopping at
    the limit, where the problem is reported.
    """
    if len(text) < MAX_NODES or sum(text.count(mark) for mark in _NODE_MARKS) < MAX_NODES:
        return  # (a text shorter than that cannot hold that many marks)
    from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

    counted = (ScalarEvent, AliasEvent, CollectionStartEvent)
    nodes = 0
    try:
        for event in _LOADER.parse(text):
            if isinstance(event, counted):
                nodes += 1
                if nodes > MAX_NODES:
                    mark = event.start_mark
                    raise YamlFailure([YamlIssue("too_many_nodes", mark.line, mark.column, {"limit": MAX_NODES})])
    except YAMLError:
        return  # a syntax error before the limit: the loader reports it with its position


def _issue(kind: str, err: MarkedYAMLError, **params: object) -> YamlIssue:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    return YamlIssue(kind, line, column, params)


def _duplicates(text: str) -> list[YamlIssue]:
    """Every duplicate key of a text (the loader stops at the first), pointing at the later key."""
    issues: list[YamlIssue] = []
    stack = [compose(text)]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.id == "mapping":
            first: dict[object, int] = {}
            for key, value in node.value:
                if key.id == "scalar" and key.value in first:
                    issues.append(YamlIssue("duplicate_key", key.start_mark.line, key.start_mark.column,
                                            {"key": key.value, "first": first[key.value] + 1}))
                elif key.id == "scalar":
                    first[key.value] = key.start_mark.line
                stack.extend((key, value))
        elif node.id == "sequence":
            stack.extend(node.value)
    return sorted(issues, key=lambda i: (i.line, i.column))


def parse(text: str) -> Any:
    """Load one YAML document from untrusted text; raise YamlFailure with located issues."""
    if _nesting_bound(text) > _PRESCAN_DEPTH:
        raise YamlFailure([YamlIssue("too_deep", 0, 0, {"limit": MAX_DEPTH})])
    _check_size(text)
    try:
        data = yamlfast.load(_LOADER, text)  # what _LOADER.load(text) returns, a third faster
    except DuplicateKeyError as err:
        # _duplicates finds repeated scalar keys; a repeated complex key (`? [a]`) still gets the loader's word
        raise YamlFailure(_duplicates(text) or [_issue("syntax", err, problem=err.problem)]) from None
    except ComposerError as err:
        if "single document" in str(err.context or "") + str(err.problem or ""):
            raise YamlFailure([_issue("multi_doc", err)]) from None
        raise YamlFailure([_issue("syntax", err, problem=err.problem or err.context)]) from None
    except MarkedYAMLError as err:
        raise YamlFailure([_issue("syntax", err, problem=err.problem or err.context)]) from None
    except ReaderError as err:
        raise YamlFailure([_reader_issue(text, err)]) from None
    except (YAMLError, RecursionError, ValueError, TypeError) as err:
        problem = " ".join(str(err).split())[:200] or type(err).__name__  # one line: messages are one line each
        raise YamlFailure([YamlIssue("syntax", 0, 0, {"problem": problem})]) from None
    # Only aliases and merges can share or repeat values, and only deep text can nest deeply:
    # plain small profiles skip the walk.
    if "*" in text or "<<" in text or "  " * MAX_DEPTH in text or "[" * 8 in text:
        _check_shape(data, text)
    return data


def _reader_issue(text: str, err: ReaderError) -> YamlIssue:
    """A forbidden character (NUL, other control characters) at its line and column.

    The C reader reports a byte offset and the pure one a character index, so the character is
    looked up instead: the reader stops at the first forbidden one, which is its first occurrence.
    """
    index = text.find(chr(err.character)) if isinstance(err.character, int) else -1
    index = max(index, 0)
    line = text.count("\n", 0, index)
    problem = str(err).splitlines()[0] if str(err) else "unacceptable character"
    return YamlIssue("syntax", line, index - (text.rfind("\n", 0, index) + 1), {"problem": problem})


def compose(text: str) -> Any:
    """The node tree of a text, for locating problems by their path (nodes carry 0-based marks).

    Raise YamlFailure, as ``parse`` does, for text that does not compose or nests too deep to compose
    safely: a file re-read to locate a problem may have changed since it was parsed.
    """
    if _nesting_bound(text) > _PRESCAN_DEPTH:
        raise YamlFailure([YamlIssue("too_deep", 0, 0, {"limit": MAX_DEPTH})])
    _check_size(text)
    try:
        return _LOADER.compose(text)
    except MarkedYAMLError as err:
        raise YamlFailure([_issue("syntax", err, problem=err.problem or err.context)]) from None
    except (YAMLError, RecursionError, ValueError, TypeError) as err:
        problem = " ".join(str(err).split())[:200] or type(err).__name__
        raise YamlFailure([YamlIssue("syntax", 0, 0, {"problem": problem})]) from None
