"""A cache of per-file outcomes, like ruff's: a warm re-run over unchanged files reads JSON instead of scoring.

An entry is one file's outcome (what ``batch.score_file`` returns: plain data) stored as JSON under a name
that is an HMAC of everything that changes it: the file's path and bytes, and the run's context (kasales's
version and code, the rubric, today's date, every option that shapes the item). The HMAC's secret lives
outside the cache folder, in the user's own cache home, so a cache folder shipped inside a repository (say,
force-added by a pull request to make a CI gate pass) names nothing kasales ever looks up. Entries are read
as JSON and checked for shape - never unpickled - and anything unreadable counts as a miss and is rebuilt.
Each entry is written to a temporary file and renamed into place, so concurrent runs never see half an entry.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import hmac
import inspect
import itertools
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kasales.core.errors import KasalesError

DEFAULT_DIR = ".kasales_cache"  # in the current folder, like ruff's .ruff_cache
ENTRIES = "v1"  # the entries' folder: a new layout gets a new name, and the old one is pruned away
MAX_BYTES = 256 * 1024 * 1024  # past this the oldest entries go, down to PRUNED_TO of it
PRUNED_TO = 0.8  # some room below the bound, so the next runs do not prune again at once
PRUNE_EVERY_S = 600  # a run prunes only when no run did for this long (listing a big cache costs ~10 ms)
STALE_TEMP_S = 3600  # a temporary file this old was left by a run that died while writing
GITIGNORE = "# Made by kasales: its cache, never committed.\n*\n"
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"  # bford.info/cachedir: backup tools skip it
                "# This file is a cache directory tag created by kasales.\n")
SECRET_NAME = "cache-secret"
_TEMP_NUMBERS = itertools.count()
_SHARD = re.compile(r"[0-9a-f]{2}")
_ENTRY = re.compile(r"[0-9a-f]{62}\.json")
_TEMP = re.compile(r"\.[0-9]+\.[0-9]+\.tmp")


class ResultCache:
    """Entries of one run's context in ``folder``; every method is safe to call from worker processes."""

    def __init__(self, folder: Path, secret: bytes, context: str) -> None:
        self.folder = folder
        self.entries = folder / ENTRIES
        self._secret = secret
        self._text = context
        self._context = hashlib.sha256(context.encode("utf-8")).digest()
        self._made: set[Path] = set()

    def within(self, context: str) -> ResultCache:
        """The same cache, its keys also depending on ``context`` (a job's rubric, day, gates and finish)."""
        return ResultCache(self.folder, self._secret, self._text + "\n" + context)

    def key(self, file: str, content: bytes) -> str:
        """The entry name of ``file`` holding ``content`` in this context (unguessable without the secret)."""
        mac = hmac.new(self._secret, self._context, hashlib.sha256)
        mac.update(file.encode("utf-8", "surrogateescape") + b"\0")
        mac.update(content)
        return mac.hexdigest()

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / f"{key[2:]}.json"  # 256 subfolders: no folder of 100,000 files

    def get(self, key: str, file: str) -> list[Any] | None:
        """The stored outcome of ``file`` under ``key`` (a list of five plain fields), or None: missing,
        unreadable, not JSON or not shaped like an outcome of this very file - all of them simply misses."""
        path = self._path(key)
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text, parse_constant=_no_constant)
        except (OSError, ValueError, RecursionError):
            return None
        if not valid_outcome(data, file):
            return None
        with contextlib.suppress(OSError):  # used now: pruning removes the least recently used first
            os.utime(path)
        return data

    def put(self, key: str, outcome: list[Any]) -> list[Any]:
        """Store ``outcome`` atomically; return it as the JSON reads back, so a cold run and a warm run hand
        on exactly the same data. A cache that cannot be written (read-only, full disk) is no error."""
        text = json.dumps(outcome, ensure_ascii=False, separators=(",", ":"))
        path = self._path(key)
        try:
            if path.parent not in self._made:  # one mkdir per subfolder and process, not one per entry
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            temp = f"{path.parent}/.{os.getpid()}.{next(_TEMP_NUMBERS)}.tmp"  # unique: this process's own number
            # 0600 like mkstemp: an entry of a run with --include-personal holds personal data
            handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(temp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            pass
        return json.loads(text)

    def prune_if_due(self, limit: int = MAX_BYTES) -> int:
        """``prune(limit)`` unless some run pruned less than PRUNE_EVERY_S ago (a marker file's time says)."""
        marker = self.folder / ".pruned"
        try:
            if time.time() - marker.stat().st_mtime < PRUNE_EVERY_S:
                return 0
        except OSError:
            pass
        try:
            marker.touch()
        except OSError:
            return 0  # a cache nobody can write to does not grow either
        return self.prune(limit)

    def prune(self, limit: int = MAX_BYTES) -> int:
        """Remove the least recently used entries while the cache holds more than ``limit`` bytes, and
        temporary files left by dead runs; return how many files went. Races with other runs are harmless."""
        found: list[tuple[float, int, str]] = []
        removed = 0
        now = time.time()
        for entry in _files(self.folder):
            # only what kasales itself writes: even a cache folder that points somewhere unexpected loses
            # nothing else (entries are 62 hex digits .json, temporary files .PID.N.tmp, in 2-hex folders)
            if not (_SHARD.fullmatch(os.path.basename(os.path.dirname(entry.path)))
                    and (_ENTRY.fullmatch(entry.name) or _TEMP.fullmatch(entry.name))):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.endswith(".tmp"):
                if now - info.st_mtime > STALE_TEMP_S:
                    removed += _unlink(entry.path)
                continue
            found.append((info.st_mtime, info.st_size, entry.path))
        total = sum(size for _, size, _ in found)
        if total <= limit:
            return removed
        found.sort()
        for _, size, path in found:
            if total <= limit * PRUNED_TO:
                break
            removed += _unlink(path)
            total -= size
        return removed


class Uncacheable(Exception):
    """A job whose items cannot be described (a closure, a lambda): its run goes without the cache."""


def describe(value: Any) -> Any:
    """``value`` as stable JSON-ready data for a cache key: functions by name, partials with their arguments,
    dataclasses and pydantic models by content, sets sorted. A closure or lambda raises Uncacheable: what
    it captured is invisible here, so its items must never be served from the cache."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, functools.partial):
        return {"partial": describe(value.func), "args": [describe(a) for a in value.args],
                "keywords": {k: describe(v) for k, v in sorted(value.keywords.items())}}
    if inspect.ismethod(value):
        return {"method": value.__func__.__qualname__, "of": describe(value.__self__)}
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        if value.__name__ == "<lambda>" or getattr(value, "__closure__", None):
            raise Uncacheable(value.__qualname__)
        return {"function": f"{value.__module__}.{value.__qualname__}"}
    if hasattr(value, "model_dump_json"):  # a pydantic model (the rubric): by content
        return {type(value).__qualname__: hashlib.sha256(value.model_dump_json().encode("utf-8")).hexdigest()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {type(value).__qualname__: {f.name: describe(getattr(value, f.name)) for f in dataclasses.fields(value)
                                           if f.name != "cache"}}
    if isinstance(value, set | frozenset):
        return sorted(describe(v) for v in value)
    if isinstance(value, list | tuple):
        return [describe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): describe(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise Uncacheable(type(value).__qualname__)


def _no_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")  # NaN and Infinity: json.dumps never wrote them for us


def _files(folder: Path) -> Iterator[os.DirEntry[str]]:
    """Every file below the cache's entry folders (this layout's and older ones), never following links."""
    try:
        top = list(os.scandir(folder))
    except OSError:
        return
    stack = [e.path for e in top if e.is_dir(follow_symlinks=False)]
    while stack:
        try:
            with os.scandir(stack.pop()) as listing:
                for entry in listing:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.is_file(follow_symlinks=False):
                        yield entry
        except OSError:
            continue


def _unlink(path: str) -> int:
    try:
        os.unlink(path)
    except OSError:
        return 0
    return 1


def _plain_msg(data: Any) -> bool:
    """[key, {name: value}] as wire.msg_data writes it (a value may be a message: {"__msg__": [key, {...}]})."""
    return (isinstance(data, list) and len(data) == 2 and isinstance(data[0], str) and isinstance(data[1], dict)
            and all(isinstance(k, str) and _plain_param(v) for k, v in data[1].items()))


def _plain_param(value: Any) -> bool:
    if isinstance(value, dict):
        if "__msg__" in value:
            return len(value) == 1 and _plain_msg(value["__msg__"])
        return all(_plain_param(v) for v in value.values())
    if isinstance(value, list):
        return all(_plain_param(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def _plain_problem(data: Any, file: str) -> bool:
    """[path, line, column, msg, severity, usage] as wire.problem_data writes it, about ``file``."""
    return (isinstance(data, list) and len(data) == 6 and data[0] == file
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in data[1:3])
            and _plain_msg(data[3]) and isinstance(data[4], str) and isinstance(data[5], bool))


def valid_outcome(data: Any, file: str) -> bool:
    """Whether ``data`` is an outcome of ``file``: [file, problems, account id, gate failures, item], where a
    rejected file has problems and no id, and an accepted one has an id and no problems."""
    if not (isinstance(data, list) and len(data) == 5 and data[0] == file):
        return False
    _, problems, account, failures, _ = data
    if not (isinstance(problems, list) and isinstance(failures, list)):
        return False
    if account is None:
        return bool(problems) and not failures and all(_plain_problem(p, file) for p in problems)
    return isinstance(account, str) and not problems and all(_plain_msg(m) for m in failures)


def through(cache: ResultCache, file: str, read: Callable[[], bytes], compute: Callable[[bytes | None], list[Any]],
            ) -> list[Any]:
    """``compute(content)`` for ``file``, or its stored outcome when the same bytes were seen in this context.

    ``read`` gives the file's bytes (raising OSError or KasalesError when it cannot); a file
    that cannot be read is computed from its path (``compute(None)``) and not stored, since its problem is
    about the file system, not its content.
    """
    try:
        content = read()
    except (OSError, KasalesError):  # the loader reports it, located, when computing from the path
        return compute(None)
    key = cache.key(file, content)
    stored = cache.get(key, file)
    if stored is not None:
        return stored
    return cache.put(key, compute(content))


def prepare(folder: Path) -> None:
    """Create ``folder`` with its .gitignore (`*`: git never sees the cache) and CACHEDIR.TAG, if missing.

    Raise OSError when ``folder`` is a symbolic link: a repository could ship `.kasales_cache` pointing at
    any folder of yours, and kasales would write its `.gitignore` (`*`) and its entries there.
    """
    if folder.is_symlink():
        raise OSError(f"{folder} is a symbolic link")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
        target = folder / name
        if not target.exists():
            with contextlib.suppress(OSError):
                _write_new(target, text)


def _write_new(target: Path, text: str) -> None:
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, target)


def secret(home: Path) -> bytes:
    """The user's cache secret in ``home`` (made once: 32 random bytes, readable by the user only)."""
    path = home / SECRET_NAME
    if (found := _read_secret(path)) is not None:
        return found
    import tempfile

    home.mkdir(parents=True, exist_ok=True)
    value = os.urandom(32)
    handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=home)
    with os.fdopen(handle, "w", encoding="ascii") as out:  # mkstemp: mode 0600 from the start
        out.write(value.hex() + "\n")
    try:
        os.link(temp, path)  # never replaces: two first runs at once agree on whichever came first
    except FileExistsError:
        if (found := _read_secret(path)) is not None:
            os.unlink(temp)
            return found
        os.replace(temp, path)  # an unusable secret (truncated, edited): a new one only costs misses
        return value
    os.unlink(temp)
    return value


def _read_secret(path: Path) -> bytes | None:
    try:
        value = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    return value if len(value) >= 16 else None


def code_fingerprint(package: Path) -> str:
    """What identifies the installed code beyond its version: every source and data file's name, size and
    modification time (an editable install changes its code without changing its version)."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".yaml", ".json", ".j2", ".css", ".js")):
                info = os.stat(os.path.join(root, name))
                digest.update(f"{os.path.relpath(os.path.join(root, name), package)}\0{info.st_size}\0"
                              f"{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()
