"""kasales: qualify key accounts (大客户) from YAML profiles, the way the course teaches it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kasales._version import __version__

if TYPE_CHECKING:
    from kasales.core.errors import KasalesError, Problem
    from kasales.core.scoring import qualify
    from kasales.io.loader import load_profile, parse_profile
    from kasales.io.rubrics import default_rubric, load_rubric
    from kasales.text.messages import problem_line

__all__ = ["KasalesError", "Problem", "__version__", "default_rubric", "load_profile", "load_rubric",
           "parse_profile", "problem_line", "qualify"]

_LAZY = {"qualify": "kasales.core.scoring", "KasalesError": "kasales.core.errors", "Problem": "kasales.core.errors",
         "load_profile": "kasales.io.loader", "parse_profile": "kasales.io.loader",
         "default_rubric": "kasales.io.rubrics", "load_rubric": "kasales.io.rubrics",
         "problem_line": "kasales.text.messages"}


def __getattr__(name: str) -> Any:
    """Import the public API on first use, so `kasales --version` stays fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kasales' has no attribute {name!r}")
