"""kasales: qualify key accounts (大客户) from YAML profiles, the way the course teaches it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kasales._version import __version__

if TYPE_CHECKING:
    from kasales.engine import qualify
    from kasales.errors import KasalesError, Problem
    from kasales.loader import load_profile, parse_profile
    from kasales.rubric import default_rubric, load_rubric

__all__ = ["KasalesError", "Problem", "__version__", "default_rubric", "load_profile", "load_rubric",
           "parse_profile", "qualify"]

_LAZY = {"qualify": "kasales.engine", "KasalesError": "kasales.errors", "Problem": "kasales.errors",
         "load_profile": "kasales.loader", "parse_profile": "kasales.loader",
         "default_rubric": "kasales.rubric", "load_rubric": "kasales.rubric"}


def __getattr__(name: str) -> Any:
    """Import the public API on first use, so `kasales --version` stays fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kasales' has no attribute {name!r}")
