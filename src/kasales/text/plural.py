"""English plurals: the catalogue writes ``{files} files``, and one of them reads ``1 file``."""

from __future__ import annotations

import re

_ONE = re.compile(r"(?<![\d.,])\b1 (account|file|day|row|byte|item|stage|point|value|level|key|character|question"
                  r"|answer|commit|problem|version|profile|milestone|change)s\b")


def singular(text: str) -> str:
    """``1 files`` -> ``1 file`` (English only; Chinese has no plural)."""
    return _ONE.sub(lambda m: f"1 {m[1]}", text) if "1 " in text else text
