"""Shared fixtures: the repo's paths, a CLI runner, and a helper to write profiles."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
PROFILES = REPO / "profiles"
TODAY = dt.date(2026, 11, 29)  # results that depend on the date are computed as of this day


@functools.cache
def _generator() -> Any:
    """benchmarks/generate.py as a module (loaded by path: benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("kasales_bench_generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate_portfolio(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """Write ``count`` varied valid profiles into ``folder`` (the benchmarks' generator; a seed, the same files)."""
    return _generator().generate(folder, count, seed=seed)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command scores as of TODAY (subprocesses inherit it), so no test turns stale with the calendar;
    and without the result cache."""
    monkeypatch.setenv("KASALES_TODAY", TODAY.isoformat())
    # the result cache is on by default; tests that are not about it must neither read one left in the
    # working folder nor leave one there (tests/cli/test_cache_cli.py turns it on in a temporary folder)
    monkeypatch.setenv("KASALES_NO_CACHE", "1")


@pytest.fixture
def runner() -> CliRunner:
    """Typer's runner; stdout and stderr are kept apart so payloads can be parsed."""
    return CliRunner()


@pytest.fixture
def write_profile(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write YAML text (or bytes) to a file under tmp_path and return its path."""

    def write(text: str | bytes, name: str = "account.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


def json_ready(value: Any) -> Any:
    """YAML data as a JSON Schema validator (an editor, check-jsonschema) sees it: dates are plain strings."""
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
