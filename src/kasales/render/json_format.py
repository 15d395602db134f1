"""`--format json`: SPEC §9's stable contract."""

from __future__ import annotations

import json

from kasales.records import payload
from kasales.render import View


def render(view: View) -> str:
    """Results and errors as one JSON document, with gate failures per account."""
    records = view.records()
    for record in records:
        record["gate_failures"] = view.gate_failures.get(record["file"], [])
    return json.dumps(payload(records, view.batch.problems), ensure_ascii=False, indent=2) + "\n"
