"""Output formats of `kasales validate`: it reports problems, so only the formats that show problems."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kasales.io.batch import Batch


def _table(batch: Batch, lang: str) -> str:
    """One ``path:line:column: message`` line per problem."""
    from kasales.text.messages import problem_line

    return "".join(problem_line(p, lang) + "\n" for p in batch.problems)


def _json(batch: Batch, lang: str) -> str:
    """The valid files, the problems as SPEC §9 error records, and the counts."""
    from kasales.render.records import problem_record

    doc = {"valid": batch.valid, "errors": [problem_record(p, lang) for p in batch.problems],
           "summary": {"files": batch.files, "valid": len(batch.valid), "invalid": batch.rejected}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _github(batch: Batch, lang: str) -> str:
    """Annotations for the workflow UI, then the plain lines so the log reads well too."""
    from kasales.render.common import QUALIFY_WORDS
    from kasales.render.github import annotation
    from kasales.text.messages import words

    title = QUALIFY_WORDS("invalid_profile", lang)  # the same title `qualify --format github` gives
    notes = [annotation("error", p.path, words(p.message, lang), p.line, p.column, title) for p in batch.problems]
    return "".join(f"{line}\n" for line in notes) + _table(batch, lang)


# name -> renderer; the command's --format choices come from here, so a format is one function and one entry
VALIDATE_FORMATS: dict[str, Callable[[Batch, str], str]] = {"table": _table, "json": _json, "github": _github}
ValidateFormat = enum.StrEnum("ValidateFormat", {name: name for name in VALIDATE_FORMATS})  # type: ignore[misc]


def render_validation(name: str, batch: Batch, lang: str) -> str:
    """The payload of `kasales validate --format name`."""
    return VALIDATE_FORMATS[name](batch, lang)
