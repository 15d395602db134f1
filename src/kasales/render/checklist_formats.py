"""Output formats of `kasales checklist`: a registry of name -> renderer of a ChecklistView."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing these at run time would pull rich and pydantic into `kasales --help`
    from kasales.render.checklist_views import ChecklistView


def _table(view: ChecklistView) -> str:
    from kasales.render.checklist_views import render_table

    return render_table(view)


def _markdown(view: ChecklistView) -> str:
    from kasales.render.checklist_views import render_markdown

    return render_markdown(view)


def _json(view: ChecklistView) -> str:
    """The bare stage (no profiles), one account's object (one file), or a list (a folder or several paths)."""
    import json

    from kasales.render.checklist_records import checklist_record, stage_record

    if view.mode == "stage":
        doc: object = stage_record(view.stage, view.rubric, view.lang)  # type: ignore[arg-type]
    else:
        records = [checklist_record(a, view.rubric, view.lang) for a in view.accounts]
        doc = records[0] if view.mode == "single" else records
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


CHECKLIST_FORMATS: dict[str, Callable[[ChecklistView], str]] = {"table": _table, "json": _json, "markdown": _markdown}
ChecklistFormat = enum.StrEnum("ChecklistFormat", {name: name for name in CHECKLIST_FORMATS})  # type: ignore[misc]


def render_checklist(name: str, view: ChecklistView) -> str:
    """The payload of `kasales checklist --format name`."""
    return CHECKLIST_FORMATS[name](view)
