"""What one run does not use is never built: commands on first use, typer's option coercers only for given values.

A pre-commit hook or an editor runs kasales once per file, so its start-up is what a user waits for. Two
costs of the framework grow with the whole command line rather than with the run:

- building a click command means importing its module and typer reading its signature; `kasales qualify`
  needs one command, `kasales --version` none (``LazyCommands`` builds each on first access);
- typer builds a pydantic validator for every option as soon as the option is processed, even one left at
  its default ``None`` - whose value no validator ever sees (``defer_coercion`` builds it for a given value).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands by name, in registration order; each built (``build(name, function)``) when first
    looked up. Its names are known without building anything: `--help` lists them from text/help.py."""

    def __init__(self, specs: dict[str, str], build: Callable[[str, Callable[..., None]], Any]) -> None:
        self._specs = specs  # name -> "module:function"
        self._build = build
        self._built: dict[str, Any] = {}

    def built(self, name: str) -> bool:
        """Whether ``name``'s command exists already (looking it up would not import anything)."""
        return name in self._built

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            module, _, function = self._specs[name].partition(":")  # KeyError: no such command
            self._built[name] = self._build(name, getattr(importlib.import_module(module), function))
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        self._specs.setdefault(name, "")

    def __delitem__(self, name: str) -> None:
        self._built.pop(name, None)
        del self._specs[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, name: object) -> bool:
        return name in self._specs


class _DeferredCoercion:
    """typer's coercion of one parameter, with its validator built only for a value that needs it.

    typer's ``RuntimeParam.coerce`` answers a missing value (``None``) itself; only a given value reaches
    ``_coerce_value``, which is where the validator is built - exactly what typer would have built.
    """

    def __init__(self, descriptor: Any) -> None:
        self.descriptor = descriptor
        self._real: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """typer's own coercion: the same answers for missing values, the same checks for given ones."""
        from typer._coercion import RuntimeParam

        return RuntimeParam.coerce(self, value, param=param, ctx=ctx)  # type: ignore[arg-type]

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        if self._real is None:
            from typer._coercion import build_runtime_param

            self._real = build_runtime_param(self.descriptor)
        return self._real._coerce_value(value, param=param, ctx=ctx)


def defer_coercion(command: Any) -> None:
    """Give ``command``'s parameters coercion built on first use, where this typer builds it per parameter
    (``_runtime_param``, filled by ``get_runtime_param``); with any other typer, change nothing."""
    try:
        from typer._coercion import RuntimeParam, build_runtime_param  # noqa: F401 - only: are they there?
    except ImportError:  # pragma: no cover - a typer without per-parameter coercion
        return
    for param in command.params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = _DeferredCoercion(param.type_descriptor)


def skip_plugin_discovery() -> None:
    """With pydantic's plugins disabled (``PYDANTIC_DISABLE_PLUGINS``), give pydantic a plugin loader that finds none.

    pydantic imports its loader before its first validator is built, and the loader imports importlib.metadata
    (email, zipfile, csv, ...) only to look for plugins that the switch then ignores: about as long as
    building all of kasales's models. A loader imported already (a test process, a library user) is kept.
    """
    import sys
    import types

    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("1", "true", "__all__"):  # the values pydantic honours
        return
    loader = types.ModuleType("pydantic.plugin._loader", "pydantic's plugin loader while plugins are disabled.")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined] - what the real one returns when disabled
    sys.modules.setdefault(loader.__name__, loader)
