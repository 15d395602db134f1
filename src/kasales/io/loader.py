"""Read profile files into validated models, or into located problems - never a traceback."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pydantic import BaseModel, ValidationError

from kasales.core import vocab
from kasales.core.errors import KasalesError, Msg, MsgError, Problem, os_reason
from kasales.core.models import Profile
from kasales.io import stdin
from kasales.io.yamlsafe import YamlFailure, compose, parse
from kasales.render.safe_text import visible

M = TypeVar("M", bound=BaseModel)
MAX_BYTES = 1_048_576  # 1 MiB: a rich profile is a few KiB; anything near this is a mistake
_BOM = b"\xef\xbb\xbf"


def read_text(path: Path) -> str:
    """The decoded text of a profile file; raise KasalesError for unreadable, oversized or non-UTF-8 files."""
    return decode(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """The bytes of a profile file (what the cache keys on); raise KasalesError for unreadable or oversized ones."""
    return read_signed(path)[0]


def read_signed(path: Path) -> tuple[bytes, os.stat_result | None]:
    """read_bytes, with the file's ``fstat`` taken before reading (the cache's stat signature of exactly
    these bytes); None for standard input."""
    shown = str(path)
    given = stdin.data(shown)
    if given is not None:  # `-`: what was read from standard input, under the name it is shown by
        if len(given) > MAX_BYTES:
            raise KasalesError([Problem(shown, 1, 1, Msg("too_large", size=Msg("more_than", limit=MAX_BYTES),
                                                          limit=MAX_BYTES))])
        return given, None
    try:
        # O_NONBLOCK: opening a named pipe that nobody writes to would otherwise wait forever
        with open(os.open(path, _OPEN_FLAGS), "rb") as handle:
            info = os.fstat(handle.fileno())
            data = _read_bounded(handle, shown, info)
    except IsADirectoryError:
        raise KasalesError([Problem(shown, 1, 1, Msg("dir_named_yaml"))]) from None
    except OSError as err:
        raise KasalesError([Problem(shown, 1, 1, Msg("unreadable",
                                                              reason=os_reason(err)))]) from None
    return data, info


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_bounded(handle: BinaryIO, shown: str, info: os.stat_result) -> bytes:
    """At most MAX_BYTES from an open file (``info``: its fstat); folders, oversized files and empty pipes are
    problems."""
    regular = stat.S_ISREG(info.st_mode)
    if stat.S_ISDIR(info.st_mode):  # opening a folder read-only succeeds on Linux; reading it would not
        raise IsADirectoryError(shown)
    if regular and info.st_size > MAX_BYTES:
        raise KasalesError([Problem(shown, 1, 1, Msg("too_large", size=info.st_size,
                                                              limit=MAX_BYTES))])
    if not regular and _OPEN_FLAGS & getattr(os, "O_NONBLOCK", 0):
        os.set_blocking(handle.fileno(), True)  # a pipe with a writer (`<(command)`): wait for its data
    if regular:
        # the size fstat gave, plus one byte to notice growth: a 1 MiB buffer per file costs more than the read
        data = handle.read(info.st_size + 1)
        if len(data) > info.st_size:  # it grew since fstat: read on, within the same bound
            data += handle.read(MAX_BYTES + 1 - len(data))
    else:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # the file grew while we read it, or a device never ends
        raise KasalesError([Problem(shown, 1, 1, Msg("too_large", size=Msg("more_than", limit=MAX_BYTES),
                                                              limit=MAX_BYTES))])
    if not data and not regular:  # a named pipe with no writer reads as end of file at once
        raise KasalesError([Problem(shown, 1, 1, Msg("not_regular"))])
    return data


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 saved without a BOM: a zero byte beside nearly every ASCII character, all on one side.

    Such text is valid UTF-8 (zero bytes are), so without this check the YAML reader would blame a
    "control character" instead of the encoding.
    """
    sample = data[:4096]
    if b"\x00" not in sample:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= 0.3 * (len(sample) // 2) and min(even, odd) <= 0.1 * max(even, odd)


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of ``data`` (a BOM is dropped); any other encoding is a located error."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(data):
        raise KasalesError([Problem(path, 1, 1, Msg("utf16"))])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        try:
            data.decode("gb18030")
            guess, encoding = Msg("guess_gbk"), "GB18030"
        except UnicodeDecodeError:
            guess, encoding = "", "YOUR-ENCODING"
        text = Msg("not_utf8", byte=data[err.start], guess=guess, encoding=encoding)
        raise KasalesError([Problem(path, line, column, text)]) from None


def parse_profile(text: str, path: str = "<profile>") -> Profile:
    """Validate YAML ``text`` as a profile; raise KasalesError with every problem, located."""
    try:
        data = parse(text)
    except YamlFailure as failure:
        raise KasalesError(capped([_yaml_problem(path, issue) for issue in failure.issues])) from None
    if data is None:
        raise KasalesError([Problem(path, 1, 1, Msg("empty"))])
    if not isinstance(data, dict):
        raise KasalesError([Problem(path, 1, 1, Msg("not_mapping", found=_kind(data)))])
    return validate_text(Profile, text, path, data=data)


def validate_text(model: type[M], text: str, path: str, data: Any = None) -> M:
    """Validate YAML ``text`` (or its already loaded ``data``) against ``model``, with located problems."""
    try:
        if data is None:
            data = parse(text)
        return model.model_validate(data)
    except YamlFailure as failure:
        raise KasalesError(capped([_yaml_problem(path, issue) for issue in failure.issues])) from None
    except ValidationError as err:
        raise KasalesError(_validation_problems(model, err, text, path)) from None


def load_profile(path: str | Path) -> Profile:
    """Load and validate one profile file; raise KasalesError listing every problem in it."""
    path = Path(path)
    return parse_profile(read_text(path), str(path))


class UniqueIds:
    """Account ids are unique across the paths given: the first file wins, a later one is a located problem."""

    def __init__(self) -> None:
        self.first: dict[str, str] = {}

    def claim(self, key: str, path: str) -> Problem | None:
        """None when ``key`` is new (and now taken by ``path``), else the problem naming both files."""
        if key not in self.first:
            self.first[key] = path
            return None
        text = Msg("duplicate_id", id=key, other=self.first[key])
        return Problem(path, *id_position(path), text)


def id_position(path: str) -> tuple[int, int]:
    """1-based position of ``account.id`` in a file, for the duplicate-id error (1, 1 if not found)."""
    try:
        node = compose(read_text(Path(path)))
    except (KasalesError, YamlFailure):  # the file changed since it was loaded: the error stands, at 1:1
        return 1, 1
    return _locate(node, ("account", "id"), key=False)


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters escaped: one problem stays one line.

    A value quoted into a message could otherwise split it, or smuggle a `::error` workflow command
    into a CI log. The same rule as every renderer's (render/safe_text.py).
    """
    return visible(text)


def _yaml_problem(path: str, issue: Any) -> Problem:
    line, column = (issue.line + 1, issue.column + 1)
    params = {k: one_line(v) if isinstance(v, str) else v for k, v in issue.params.items()}
    return Problem(path, line, column, Msg(issue.kind, **params))


def _locate(node: Any, loc: tuple[Any, ...], key: bool, index: dict[int, dict[str, Any]] | None = None
            ) -> tuple[int, int]:
    """1-based position of the deepest node on ``loc``; ``key`` points at a mapping key, not its value.

    ``index`` (mapping node -> its keys), shared across the calls for one tree, makes each step a look-up:
    scanning a mapping of 10,000 unknown keys once per error would take minutes.
    """
    index = {} if index is None else index
    best = node
    for step in loc:
        nxt = None
        if node is not None and node.id == "mapping" and isinstance(step, str):
            keys = index.get(id(node))
            if keys is None:
                keys = index[id(node)] = {}
                for k, v in node.value:
                    if k.id == "scalar":
                        keys.setdefault(k.value, (k, v))
            pair = keys.get(step)
            if pair is not None:
                nxt = pair[0] if (key and step == loc[-1]) else pair[1]
        elif node is not None and node.id == "sequence" and isinstance(step, int) and step < len(node.value):
            nxt = node.value[step]
        if nxt is None:
            break
        node = best = nxt
    if best is None:
        return 1, 1
    return best.start_mark.line + 1, best.start_mark.column + 1


MAX_PROBLEMS = 100  # per file: enough to fix a file by; a generated file with 100,000 mistakes is one mistake


def capped(problems: list[Problem], total: int | None = None) -> list[Problem]:
    """The first MAX_PROBLEMS problems, then one ``and N more problems in this file (not shown)`` line."""
    total = len(problems) if total is None else total
    if total <= MAX_PROBLEMS:
        return problems
    shown = problems[:MAX_PROBLEMS]
    last = shown[-1]
    return [*shown, Problem(last.path, last.line, last.column, Msg("more_problems", count=f"{total - MAX_PROBLEMS:,}"))]


_TYPES = {"dict_type": "mapping", "model_type": "mapping", "list_type": "list", "string_type": "string",
          "string_unicode": "string", "bool_type": "boolean", "bool_parsing": "boolean", "int_type": "integer",
          "int_parsing": "integer", "int_from_float": "integer", "float_type": "number", "float_parsing": "number"}
_PRIVATE = ("intel", "personal")  # SPEC §5 personal data: its values never appear in a message
_SHOWN = 80  # characters of a bad value quoted in a message


def _field_name(loc: tuple[Any, ...]) -> str:
    """``stakeholders[0].roles[1]`` - the path of a value as a user reads it."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return one_line(text) or "value"


def _clip(text: str) -> str:
    """``text`` on one line and at most _SHOWN characters: a whole paragraph pasted in a field stays out."""
    shown = one_line(text[:_SHOWN])  # escaping first would copy all of a huge value
    return shown if len(shown) <= _SHOWN and len(text) <= _SHOWN else shown[:_SHOWN - 1] + "…"


def _kind(value: Any) -> Msg | str:
    """What a value is, never what it says: ``a string``, ``a list``, ``true``, ``nothing (null)``."""
    if isinstance(value, bool):
        return "true" if value else "false"  # the YAML spelling, not Python's True
    return Msg("type", kind=_type_key(value))


def _type_key(value: Any) -> str:
    """The catalogue's name for a loaded YAML value's type."""
    if value is None:
        return "null"
    for kind, types in (("boolean", bool), ("integer", int), ("number", float), ("string", str),
                        ("mapping", dict), ("list", list), ("date", dt.date)):  # bool before int: True is an int
        if isinstance(value, types):
            return kind
    return "value"  # binary data (!!binary), sets (!!set) and anything else a YAML tag can make


def _describe(value: Any) -> Msg | str:
    """A bad scalar as YAML shows it (``0``, ``3.5``, ``true``, ``the string '3'``); a structure by its kind."""
    if isinstance(value, str):
        return Msg("found_string", value=_clip(value))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() <= 64:
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    return _kind(value)  # lists, mappings, dates, binary: their kind, never their repr (may be huge)


# pydantic's number errors -> (our message, the ctx key holding the limit)
_BOUNDS = {"greater_than_equal": ("at_least", "ge"), "less_than_equal": ("at_most", "le"),
           "greater_than": ("above", "gt"), "less_than": ("below", "lt"), "finite_number": ("finite", "")}


def _message(model: type[BaseModel], error: Any) -> Msg:
    """One problem's sentence, from pydantic's error type, location and input (described, never repr'd)."""
    kind, loc = error["type"], error["loc"]
    # the input pydantic validated, after our before-validators reshaped the raw data
    value = error.get("input")
    private = loc[:len(_PRIVATE)] == _PRIVATE
    if kind == "extra_forbidden":  # the key is named, except under intel.personal; its value never is
        known = _known_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = Msg("did_you_mean", guess=close[0]) if close else ""
        if loc[:len(_PRIVATE)] == _PRIVATE:  # under intel.personal a key may be a note in the wrong place
            return Msg("unknown_key_private", hint=hint)
        return Msg("unknown_key", key=_clip(str(loc[-1])), hint=hint)
    if kind == "missing":
        return Msg("missing", key=loc[-1])
    if kind in ("kasales_enum", "kasales_flag"):
        field = _field_name(loc)
        if kind == "kasales_flag":
            expected, spellings = Msg("flag_words"), [w for f in (True, False) for w in vocab.FLAG_WORDS[f]]
        else:
            enum = getattr(vocab, error["ctx"]["enum"])
            expected, spellings = Msg("accepted", enum=enum.__name__), vocab.terms(enum)
        if private:
            return Msg("bad_enum_private", field=field, expected=expected)
        if isinstance(value, str):
            return Msg("bad_enum", value=_clip(value), field=field, expected=expected,
                       hint=_value_hint(value, spellings))
        return Msg("bad_enum_found", found=_describe(value), field=field, expected=expected)
    if kind == "kasales_rule":
        return error["ctx"]["msg"]
    if kind == "kasales_amount":
        return Msg("bad_amount_" + error["ctx"]["reason"], field=_field_name(loc), found=_describe(value))
    if kind == "kasales_currency":
        return Msg("bad_currency", found=_describe(value))
    if kind == "kasales_score":
        return Msg("score_range", value=_describe(value))
    if kind == "kasales_id":
        return Msg("bad_id", value=_clip(str(value)))
    if kind == "kasales_version":
        return Msg("bad_version", found=_describe(value))
    if kind.startswith("date"):
        shown = value.isoformat() if isinstance(value, dt.date) else value if isinstance(value, str) else None
        found = _kind(value) if private else _describe(value) if shown is None else _clip(shown)
        return Msg("bad_date", value=found)
    if kind in _TYPES:
        return Msg("bad_type", expected=Msg("type", kind=_TYPES[kind]), found=_kind(value))
    ctx = error.get("ctx") or {}
    if kind in _BOUNDS:  # numbers of a rubric: weights, thresholds, days
        key, limit = _BOUNDS[kind]
        return Msg(key, field=_field_name(loc), limit=ctx.get(limit, ""), found=_describe(value))
    if kind == "literal_error":
        return Msg("bad_literal", field=_field_name(loc), expected=ctx.get("expected", ""),
                            found=_describe(value))
    # a model validator's ValueError: its own sentence, without pydantic's "Value error, " prefix
    if kind == "value_error" and isinstance(ctx.get("error"), MsgError):
        return Msg("invalid", detail=ctx["error"].msg, field=_field_name(loc))
    detail = str(ctx["error"]) if kind == "value_error" and "error" in ctx else error["msg"]
    return Msg("invalid", detail=one_line(detail), field=_field_name(loc))


def _value_hint(value: str, spellings: list[str]) -> Msg | str:
    """`` (did you mean 'prospect'?)`` for a misspelt value, English (``prospct``) or Chinese (``决策者``)."""
    text = value.strip(vocab.SPACE)
    close = difflib.get_close_matches(text.lower() if text.isascii() else text, spellings, n=1, cutoff=0.6)
    return Msg("did_you_mean", guess=close[0]) if close else ""


def _known_keys(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found at ``loc`` (for 'did you mean')."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        if field is None:
            return []
        annotation = field.annotation
        inner = getattr(annotation, "__args__", None)
        model = inner[0] if inner and hasattr(inner[0], "model_fields") else annotation
    return list(getattr(model, "model_fields", {}))


def _expanded(errors: list[Any]) -> list[Any]:
    """pydantic's errors, with a cross-field rule's bundle (``kasales_rules``) split into one error per value.

    A model validator only knows the whole model's location; its problems name the path of the value
    to fix (a payment's `paid` date, the `contract` key), so each is located there.
    """
    out = []
    for error in errors:
        if error["type"] != "kasales_rules":
            out.append(error)
            continue
        for problem in error["ctx"]["problems"]:
            params = {k: v for k, v in problem.items() if k not in ("loc", "key", "msg")}
            out.append({"type": "kasales_rule", "loc": (*error["loc"], *problem["loc"]), "input": None,
                        "msg": problem["msg"], "ctx": {"key": problem["key"], "msg": Msg(problem["msg"], **params)}})
    return out


def _validation_problems(model: type[BaseModel], err: ValidationError, text: str, path: str) -> list[Problem]:
    root = compose(text)
    index: dict[int, dict[str, Any]] = {}
    # include_input: pydantic hands over references to the inputs, not copies; only their kind or a
    # clipped scalar is ever put in a message
    located = []
    for error in _expanded(err.errors(include_url=False, include_input=True)):
        loc = tuple(part for part in error["loc"] if isinstance(part, str | int))
        at_key = error["type"] == "extra_forbidden" or (error["type"] == "kasales_rule" and error["ctx"]["key"])
        line, column = _locate(root, loc, key=at_key, index=index)
        located.append((line, column, loc, error))
    # Messages only for what is shown: a file of 10,000 unknown keys gets the first ones, then a count.
    located.sort(key=lambda item: (item[0], item[1]))
    problems: set[Problem] = set()
    for used, (line, column, loc, error) in enumerate(located, 1):
        problems.add(Problem(path, line, column, _message(model, {**error, "loc": loc})))
        if len(problems) > MAX_PROBLEMS:
            return capped(sorted(problems), total=len(problems) + len(located) - used)
    return sorted(problems)
