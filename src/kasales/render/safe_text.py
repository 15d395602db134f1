"""The one neutralising layer for user text (names, notes, file names, rubric texts) in every output.

Profiles, file names and rubrics come from people kasales does not trust, and what kasales prints
lands in terminals, CI logs, spreadsheets and pull-request comments. Every renderer and every stderr
line passes user text through these functions:

- :func:`visible` makes a string one line and shows control characters instead of emitting them
  (``\\x1b``, ``\\n``, ``\\r``, ``\\u202e``); bytes of a file name that were not UTF-8 show as ``\\xff``.
  Nothing can clear a screen, move the cursor, set a hyperlink, write the clipboard or start a new
  log line.
- :func:`guard_line` / :func:`guard_lines` make sure no printed line can be read as a GitHub workflow
  command (``::error``, ``::add-mask::``, ``::stop-commands::``, the old ``##[...]`` form), wherever a
  wrapped cell happens to start it.
- :func:`csv_cell`, :func:`md_text` and :func:`md_code` add what CSV and Markdown need on top.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any

# C0 and C1 control characters, DEL, line and paragraph separators, and the bidirectional controls
# that can make text read differently from how it is stored ("Trojan Source").
_NAMED = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}
_CODES = [*range(0x20), 0x7F, *range(0x80, 0xA0)]
_ESCAPES: dict[int, str] = {code: _NAMED.get(code, f"\\x{code:02x}") for code in _CODES}
_ESCAPES.update({code: f"\\u{code:04x}" for code in (0x2028, 0x2029, 0x061C, 0x200E, 0x200F,
                                                     *range(0x202A, 0x202F), *range(0x2066, 0x206A))})
# A file name that is not UTF-8 arrives with each bad byte as a lone surrogate (PEP 383): show the byte.
_ESCAPES.update({0xDC00 + byte: f"\\x{byte:02x}" for byte in range(0x80, 0x100)})
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_ESCAPES)) + "\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: object) -> str:
    """``text`` on one line, every control character shown as an escape (``\\x1b``), never emitted."""
    value = text if isinstance(text, str) else str(text)
    if _UNSAFE.search(value) is None:  # nearly every string: no copy
        return value
    value = value.translate(_ESCAPES)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)  # any other lone surrogate


# A workflow command is a line that starts, after blanks, with "::"; the runner's older form "##[" is
# looked for anywhere in a line. kasales prints neither of its own accord, except the annotations of
# `--format github`, which are built apart (see render/github.py).
_COMMAND_START = re.compile(r"^(\s*):(?=:)")
_OLD_COMMAND = "##["


def defuse_old_commands(text: str) -> str:
    """``text`` with every ``##[`` shown as ``#\\x23[`` (the runner looks for that form anywhere in a line)."""
    return text.replace(_OLD_COMMAND, "#\\x23[") if _OLD_COMMAND in text else text


def guard_line(line: str) -> str:
    """``line`` with a leading ``::`` shown as ``\\x3a:`` and any ``##[`` as ``#\\x23[``: never a command."""
    line = defuse_old_commands(line)
    if line.lstrip().startswith("::"):
        line = _COMMAND_START.sub(lambda m: m.group(1) + "\\x3a", line, count=1)
    return line


def guard_lines(text: str) -> str:
    """Every line of ``text`` through :func:`guard_line` (a rendered table: any cell may start a line)."""
    if "::" not in text and _OLD_COMMAND not in text:
        return text
    return "\n".join(guard_line(line) for line in text.split("\n"))


def safe_line(text: object) -> str:
    """One printable line of user text, e.g. a ``path:line:column: message`` line for stderr."""
    return guard_line(visible(text))


def safe_record(value: Any) -> Any:
    """A record (dicts, lists, strings) with every string made :func:`visible`; numbers and keys as they are."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {key: safe_record(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [safe_record(item) for item in value]
    return value


# ------------------------------------------------------------------------------------------------ CSV
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection"); blanks
# before it do not stop every spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: object) -> str:
    """A CSV text cell: one line (no bare ``\\r`` to start a row), and a leading ``'`` before a formula.

    A cell starting with ``::`` gets the ``'`` too: the first cell starts a line of the output, which must
    never be a workflow command.
    """
    value = defuse_old_commands(visible(text))
    start = value.lstrip(" ")
    return "'" + value if start.startswith(FORMULA_START) or start.startswith("::") else value


# ------------------------------------------------------------------------------------------- Markdown
# Enough to keep every construct inert inside a line: no code span, emphasis, strikethrough, table cell
# break, link or image (both need brackets); "<" becomes an entity, so no HTML and no <autolink>.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# What would start a block (a heading, a list, a quote) when the text begins a list item's content.
_MD_BLOCK_START = re.compile(r"^(\d*)([#>+=.)-])")
# "@name" (a mention, which notifies that person or team) where GitHub would link it: at the start or
# after a character that is not a letter, digit or one of "-_.`" (so mail addresses stay as they are).
_MENTION = re.compile(r"(?<![\w.`-])@(?=[A-Za-z0-9])")
_WORD_JOINER = "\u2060"  # invisible, and breaks the mention and URL patterns without changing the text read
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)://|\bwww\.")


def md_text(text: object) -> str:
    """User text for a Markdown table cell or list item: one line, inert (no link, image, HTML or mention).

    Markdown's inline punctuation is backslash-escaped, so ``[t](url)`` and ``![t](url)`` stay text; ``<`` is
    escaped, so no HTML; a mention gets a word joiner after its ``@``, and so does a bare URL's scheme,
    so a pull-request comment neither pings anybody nor links or loads anything a profile names.
    """
    value = _MD_SPECIAL.sub(r"\\\1", visible(text)).replace("<", "&lt;")
    value = _MENTION.sub("@" + _WORD_JOINER, value)
    return _AUTOLINK.sub(lambda m: m.group()[0] + _WORD_JOINER + m.group()[1:], value)


def md_item(text: object) -> str:
    """User text that starts a list item's content: :func:`md_text`, and no heading, list or quote either."""
    value = md_text(text)
    match = _MD_BLOCK_START.match(value)
    if match is None or (match.group(1) and match.group(2) not in ".)") or (not match.group(1) and
                                                                         match.group(2) in ".)"):
        return value
    return f"{match.group(1)}\\{value[len(match.group(1)):]}"


def md_code(text: object, table: bool = True) -> str:
    """User text as a Markdown code span (an id, a path): backticks inside cannot close it; in a ``table``
    cell a ``|`` is escaped (GFM splits cells before reading code spans)."""
    value = visible(text)
    value = defuse_old_commands(value.replace("|", "\\|") if table else value)
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith(("`", " ")) or value.endswith(("`", " ")) else ""
    return f"{fence}{pad}{value}{pad}{fence}"


# ------------------------------------------------------------------------------------ whole objects
def neutral(value: Any) -> Any:
    """``value`` (a Result, a checklist, a rubric: dataclasses, pydantic models, dicts, lists) with every
    string made :func:`visible`, for renderers that read objects rather than records.

    Parts with nothing to escape are returned as they are (no copy), so a clean object costs one walk.
    """
    return _neutral(value, {})


def _neutral(value: Any, memo: dict[int, Any]) -> Any:
    if isinstance(value, str):
        return visible(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    key = id(value)
    if key in memo:
        return memo[key]
    out = value
    if isinstance(value, dict):
        items = {_neutral(k, memo): _neutral(v, memo) for k, v in value.items()}
        if any(a is not b for a, b in zip(items.values(), value.values(), strict=True)) or \
                any(a is not b for a, b in zip(items, value, strict=True)):
            out = items
    elif isinstance(value, list | tuple):
        items_list = [_neutral(item, memo) for item in value]
        if any(a is not b for a, b in zip(items_list, value, strict=True)):
            if isinstance(value, list) or type(value) is tuple:
                out = type(value)(items_list)
            else:  # a named tuple
                out = type(value)(*items_list)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in _fields(type(value)):
            old = getattr(value, field)
            new = _neutral(old, memo)
            if new is not old:
                changes[field] = new
        if changes:
            out = copy.copy(value)
            for field, new in changes.items():
                object.__setattr__(out, field, new)  # frozen dataclasses too; no validation to re-run
    elif hasattr(type(value), "model_fields") and hasattr(value, "model_copy"):  # pydantic, not imported here
        updates = {}
        for field in type(value).model_fields:
            old = getattr(value, field)
            new = _neutral(old, memo)
            if new is not old:
                updates[field] = new
        if updates:
            out = value.model_copy(update=updates)
    memo[key] = out
    return out


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


_SHARED: list[tuple[Any, Any]] = []  # (object, its neutral twin) of the last shared object asked for


def neutral_shared(value: Any) -> Any:
    """:func:`neutral` of an object every account's view reads (the rubric): walked once, not per account."""
    if _SHARED and _SHARED[0][0] is value:  # the original is kept alive, so its identity cannot be reused
        return _SHARED[0][1]
    _SHARED[:] = [(value, neutral(value))]
    return _SHARED[0][1]


def md_html(text: object) -> str:
    """User text inside an HTML block of Markdown (``<summary>``): HTML-escaped, one line, no mention."""
    import html

    # brackets as entities: text in an HTML block is not Markdown, but a renderer that reads it as such
    # must not find a link or an image either
    value = html.escape(visible(text), quote=False).replace("[", "&#91;").replace("]", "&#93;")
    value = _MENTION.sub("@" + _WORD_JOINER, value)
    return _AUTOLINK.sub(lambda m: m.group()[0] + _WORD_JOINER + m.group()[1:], value)
