"""Output formats of `kasales qualify`: a registry of name -> module, each built from the same records."""

from __future__ import annotations

import enum
import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --help`
    from kasales.core.rubric import Rubric
    from kasales.io.batch import Batch

# name -> module; importing lazily keeps `kasales --help` fast. Adding a format is one module and one entry.
FORMATS: dict[str, str] = {
    "table": "kasales.render.table",
    "json": "kasales.render.json_format",
    "csv": "kasales.render.csv_format",
    "markdown": "kasales.render.markdown",
    "github": "kasales.render.github",
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

    def records(self) -> list[dict[str, Any]]:
        """SPEC §9 records of every result, in batch order."""
        from kasales.render.records import result_record

        return [result_record(r, self.rubric, self.lang, self.include_personal) for r in self.batch.results]


def render(name: str, view: View) -> str:
    """Render ``view`` in the format ``name``."""
    module: Any = importlib.import_module(FORMATS[name])
    return module.render(view)
