"""Output formats of `kasales qualify`: a registry of name -> module, each built from the same records."""

from __future__ import annotations

import enum
import importlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --help`
    from kasales.core.errors import Msg
    from kasales.core.results import Result
    from kasales.core.rubric import Rubric
    from kasales.io.batch import Batch

# name -> module; importing lazily keeps `kasales --help` fast. Adding a format is one module and one entry.
FORMATS: dict[str, str] = {
    "table": "kasales.render.table",
    "json": "kasales.render.json_format",
    "csv": "kasales.render.csv_format",
    "markdown": "kasales.render.markdown",
    "github": "kasales.render.github",
    "concise": "kasales.render.concise",
}

OutputFormat = enum.StrEnum("OutputFormat", {name: name for name in FORMATS})  # type: ignore[misc]


@dataclass
class View:
    """What a renderer needs: the batch, the rubric for texts, and the user's display choices."""

    batch: Batch
    rubric: Rubric
    lang: str = "en"
    include_personal: bool = False
    details: bool = False
    gate_failures: dict[str, list[str]] = field(default_factory=dict)  # file -> why it tripped a gate
    color: bool = False
    width: int = 100
    bom: bool = True  # csv: a UTF-8 BOM first, so Excel reads the file as UTF-8

    def records(self) -> list[dict[str, Any]]:
        """SPEC §9 records of every result, in batch order."""
        from kasales.render.records import result_record

        return [result_record(r, self.rubric, self.lang, self.include_personal) for r in self.batch.results]

    def gate_words(self) -> dict[str, list[str]]:
        """Each file's gate failures as sentences: the ones given, else the batch's (complete once it streamed)."""
        from kasales.text.messages import words

        if self.gate_failures:
            return self.gate_failures
        return {file: [words(m, self.lang) for m in why] for file, why in self.batch.gate_failures.items()}


# Every format but JSON (json_format streams its own way) renders in two halves, so a large folder streams:
# ``row(result, gate_failures, view)`` runs in the worker and returns plain data or text (a compact row),
# ``write(rows, view, out)`` runs in the parent, reads each row once and keeps only what it must sort.
SPOOL = 4 << 20  # rows a format must hold until the end wait in memory up to this size, then on disk
Row = Callable[["Result", list[str], View], Any]
Write = Callable[[Iterable[Any], View, TextIO], None]


def rendered(row: Row, write: Write, view: View) -> str:
    """A format's whole output for the results already in ``view.batch`` (the library's way; commands stream)."""
    out = io.StringIO()
    gates = view.gate_failures
    write((row(r, gates.get(r.file, []), view) for r in view.batch.results), view, out)
    return out.getvalue()


def row_of(result: Result, failures: list[Msg], name: str, view: View) -> Any:
    """The compact row of ``result`` in the format ``name`` (what a worker sends back), gate failures worded."""
    from kasales.text.messages import words

    module: Any = importlib.import_module(FORMATS[name])
    return module.row(result, [words(m, view.lang) for m in failures], view)


def write_rows(name: str, rows: Iterable[Any], view: View, out: TextIO) -> None:
    """The output of format ``name`` from streamed rows; ``view.batch`` is complete once ``rows`` is exhausted."""
    module: Any = importlib.import_module(FORMATS[name])
    module.write(rows, view, out)


def render(name: str, view: View) -> str:
    """Render ``view`` in the format ``name``."""
    module: Any = importlib.import_module(FORMATS[name])
    return module.render(view)
