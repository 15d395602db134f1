"""`kasales rubric --format table|json`: every text of the rubric in force with where it comes from (SPEC §13)."""

from __future__ import annotations

import json

from rich import box
from rich.table import Table
from rich.text import Text

from kasales.core.bilingual import KASALES
from kasales.core.rubric import Rubric
from kasales.render.common import Words, console, printed

_w = Words("rubric")  # the words live in kasales/text/words.py


def source_label(source: str | None, lang: str) -> str:
    """``course 3.1``, ``kasales†`` or ``your rubric†`` in ``lang``."""
    if source is None:
        return _w("yours", lang)
    return _w("kasales", lang) if source == KASALES else _w("course", lang, section=source)


def render_json(rubric: Rubric) -> str:
    """Every text as ``{"key", "source", "en", "zh"}``; ``source`` is null for a text a user's rubric wrote."""
    texts = [{"key": key, "source": text.source, "en": text.en, "zh": text.zh} for key, text in rubric.all_texts()]
    return json.dumps({"texts": texts}, ensure_ascii=False, indent=2) + "\n"


def render_table(rubric: Rubric, lang: str, width: int = 100) -> str:
    """One row per text: its key, its source and its wording in ``lang``."""
    table = Table(box=box.SIMPLE, pad_edge=False, expand=True)
    table.add_column(_w("key", lang), overflow="fold", ratio=2)
    table.add_column(_w("source", lang), no_wrap=True)
    table.add_column(_w("text", lang), overflow="fold", ratio=3)
    for key, text in rubric.all_texts():
        table.add_row(Text(key), source_label(text.source, lang), Text(text.get(lang)))
    out = console(width)
    out.print(table)
    out.print(Text(_w("legend", lang)))
    return printed(out)
