"""`--format json`: SPEC §9's stable contract, written record by record so large folders stream.

Two layouts of the same document: indented for a person at a terminal, and one account (and one
error) per line for files and pipes - three times cheaper to encode, and easy to grep or split.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any, TextIO

from kasales.render import View
from kasales.render.records import payload, result_record
from kasales.text.messages import words

if TYPE_CHECKING:
    from kasales.core.errors import Msg
    from kasales.core.results import Result
    from kasales.core.rubric import Rubric
    from kasales.io.batch import Batch

_DEPTH = "    "  # an indented record sits two levels deep: {"results": [ {...} ]}


def record_text(result: Result, gate_failures: Sequence[Msg | str], rubric: Rubric, lang: str = "en",
                include_personal: bool = False, pretty: bool = False) -> str:
    """One account's record as JSON text for its place in the document (workers call this)."""
    record = result_record(result, rubric, lang, include_personal)
    record["gate_failures"] = [words(g, lang) for g in gate_failures]
    return _encode(record, pretty)


# One encoder for every record: json.dumps with options builds a new one per call. Records are trees
# (no value refers back to one that holds it), so the cycle check is left out; the text is the same.
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, check_circular=False)
# JSONEncoder.encode makes its C encoder anew on every call (a microsecond a record): make it once, with the
# very arguments JSONEncoder.iterencode passes it, where the C accelerator exists
_C_ONE_LINE = (c_make_encoder(None, _ONE_LINE.default, encode_basestring, None, _ONE_LINE.key_separator,
                              _ONE_LINE.item_separator, False, False, True)
               if c_make_encoder is not None else None)


def _encode(value: Any, pretty: bool) -> str:
    if not pretty:
        if _C_ONE_LINE is not None and type(value) is dict:
            return "".join(_C_ONE_LINE(value, 0))
        return _ONE_LINE.encode(value)
    # JSON strings never hold a raw newline, so re-indenting line by line is safe
    return _DEPTH + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + _DEPTH)


def write(records: Iterable[str], batch: Batch, out: TextIO, lang: str = "en", pretty: bool = False) -> None:
    """The whole document from record texts; ``pretty`` gives what ``json.dumps(payload, indent=2)`` gives.

    ``batch`` is read only after the last record, so a streamed batch has its problems complete by then.
    """
    comma = "," if pretty else ", "  # an indented key starts on a new line
    out.write("{")
    count = _write_list(out, "results", records, pretty)
    rest = payload([], batch.problems, lang)
    rest["summary"]["scored"] = count
    rest["summary"]["files"] += count
    out.write(comma)
    _write_list(out, "errors", (_encode(e, pretty) for e in rest["errors"]), pretty)
    for key, value in rest.items():
        if key not in ("results", "errors"):
            text = json.dumps({key: value}, ensure_ascii=False, indent=2 if pretty else None)
            out.write(comma + text[1:-1])
    out.write("}\n")


def _write_list(out: TextIO, key: str, texts: Iterable[str], pretty: bool) -> int:
    """``"key": [...]`` with one item per line; returns the number of items."""
    out.write(f'\n  "{key}": [' if pretty else f'"{key}": [')
    count = 0
    for text in texts:
        out.write((",\n" if count else "\n") + text)
        count += 1
    out.write(("\n  ]" if pretty else "\n]") if count else "]")
    return count


def render(view: View, pretty: bool = False) -> str:
    """Results and errors as one JSON document, with gate failures per account."""
    out = io.StringIO()
    texts = (record_text(r, view.gate_failures.get(r.file, []), view.rubric, view.lang, view.include_personal,
                         pretty) for r in view.batch.results)
    write(texts, view.batch, out, view.lang, pretty)
    return out.getvalue()
