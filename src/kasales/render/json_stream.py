"""A JSON document written member by member, exactly as ``json.dumps(doc, ensure_ascii=False, indent=2)`` prints
it, its long lists item by item: a document of 10,000 records is never whole in memory."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO


class Items:
    """A list member whose items are made as they are written (a generator of plain values)."""

    def __init__(self, items: Iterable[Any]) -> None:
        """``items`` is read once, while the document is written."""
        self.items: Iterator[Any] = iter(items)


def write_document(out: TextIO, members: Iterable[tuple[str, Any]]) -> None:
    """The object of ``members`` (key, value or Items) as indented JSON, ending with a newline."""
    out.write("{")
    for index, (key, value) in enumerate(members):
        out.write(("," if index else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": ")
        if isinstance(value, Items):
            count = 0
            for item in value.items:
                out.write(("," if count else "[") + "\n    " + nested(item, 2))
                count += 1
            out.write("\n  ]" if count else "[]")
        else:
            out.write(nested(value, 1))
    out.write("\n}\n")


def nested(value: Any, depth: int) -> str:
    """``value`` indented by 2 as it reads ``depth`` levels deep (JSON strings never hold a raw newline)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)
