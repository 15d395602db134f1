"""A cache of per-file outcomes, like ruff's: a warm re-run over unchanged files reads them instead of scoring."""

# One run's context (kasales's version and code, the rubric, today's date, every option that shapes an item)
# has one *pack*: an index ``path -> (stat signature, content digest, where the record is)`` and an
# append-only data file of records. A warm run loads the index once, ``stat``s each file and, when the
# signature is trusted and unchanged, reads the file's record with one ``pread`` from the open data file:
# no profile is read, hashed, parsed or scored, and no worker starts when every file is a hit. A file whose
# signature changed is read and hashed: same bytes, still a hit (a fresh checkout); other bytes, a miss,
# scored (in workers when there are many) and appended. So one changed file costs one file's work.
#
# Safety:
# - Names and records are keyed MACs (HMAC-SHA256 keyed with a secret kept outside the cache folder, in the
#   user's own cache home): a cache folder shipped inside a repository (say, force-added by a pull request to
#   make a CI gate pass) names nothing kasales looks up, and no record can be forged or moved to another file.
# - Records are JSON (never unpickled), their MAC and shape checked on every read: a truncated, corrupt or
#   foreign record is a miss, scored again and appended anew.
# - The stat signature is size, mtime, ctime and inode (ctime cannot be set back by ``touch``, ``cp -p`` or
#   ``rsync -t``), trusted only when the file's times were older than RACY_NS when it was read: a file
#   rewritten within the same clock tick, with the same size, could keep its times; so a file changed that
#   recently is read and hashed on every run until it is older (git's "racily clean" rule).
# - The index is replaced atomically (temporary file, rename) under an advisory lock that merges what
#   concurrent runs learned; records are appended with O_APPEND, so concurrent runs never overwrite each
#   other's records; a record that is not where the index says fails its MAC and is rebuilt.
# - The whole cache is bounded (MAX_BYTES): packs of other contexts (yesterday's, another rubric) go least
#   recently used first; entries of files that no longer exist are dropped; a pack is compacted when most
#   of its data is garbage; a run stops appending past the bound rather than outgrow it.
# - Nothing is opened, written or removed through a symbolic link: a link for the cache folder or its
#   packs' folder, or a folder others may write, turns the cache off (prepare); files open with O_NOFOLLOW.

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import hmac
import inspect
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from kasales.core.errors import KasalesError

DEFAULT_DIR = ".kasales_cache"  # in the current folder, like ruff's .ruff_cache
LAYOUT = "v2"  # the packs' folder: a new layout gets a new name, and older ones are pruned away
OLD_LAYOUTS = ("v1",)  # one JSON file per entry (kasales 0.1): removed by the first prune
MAX_BYTES = 256 * 1024 * 1024  # past this the least recently used packs go, down to PRUNED_TO of it
PRUNED_TO = 0.8  # some room below the bound, so the next runs do not prune again at once
APPEND_SHARE = 0.8  # one pack's data stops growing at this share of the bound: the index needs room too
RACY_NS = 3_000_000_000  # a file changed less than this before it was read may change again unseen (FAT: 2 s)
COMPACT_SLACK = 1 << 20  # a pack is rewritten when its garbage exceeds its live records and this
FLUSH_AT = 1 << 18  # records wait in memory up to this size, then go to the data file in one write
STALE_S = 3600  # a temporary file, or a data file no index names, this old was left by a run that died
HEAD = "kasales-cache"
MAC_SIZE = 16
GITIGNORE = "# Made by kasales: its cache, never committed.\n*\n"
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"  # bford.info/cachedir: backup tools skip it
                "# This file is a cache directory tag created by kasales.\n")
SECRET_NAME = "cache-secret"
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)  # never open a link's target
_PACK_FILE = re.compile(r"([0-9a-f]{32})(?:\.index|\.lock|\.([0-9a-f]{16})\.data)")
_TEMP = re.compile(r"\.[0-9a-f]{32}\.[0-9]+\.tmp")
_OLD_SHARD = re.compile(r"[0-9a-f]{2}")
_OLD_ENTRY = re.compile(r"[0-9a-f]{62}\.json|\.[0-9]+\.[0-9]+\.tmp")

# An index entry: [size, mtime_ns, ctime_ns, inode, trusted, digest (hex), offset, length]
SIZE, MTIME, CTIME, INODE, TRUSTED, DIGEST, OFFSET, LENGTH = range(8)
UNSIGNED = [-1, -1, -1, -1, False]  # standard input, a pipe: no signature, always read and hashed


class Fresh(NamedTuple):
    """One file scored now (what a worker sends back): its outcome as a record body, and what keys it."""

    file: str
    digest: bytes | None  # the keyed hash of the bytes scored; None when the file could not be read
    signature: list[Any]  # the file's stat signature when it was read (and whether it can be trusted)
    body: bytes | None  # the encoded outcome; None when it cannot be stored (then ``outcome`` holds it)
    outcome: list[Any] | None


class ResultCache:
    """The cache folder of one run's context (``within`` adds a job's); safe to pickle to worker processes."""

    def __init__(self, folder: Path, secret: bytes, context: str, limit: int = MAX_BYTES) -> None:
        self.folder = folder
        self.packs = folder / LAYOUT
        self.limit = limit
        self._secret = secret
        self._text = context
        raw = context.encode("utf-8")
        self.name = hmac.digest(secret, b"kasales pack name\0" + raw, "sha256")[:16].hex()
        self._key = hmac.digest(secret, b"kasales pack key\0" + raw, "sha256")  # this pack's own MAC key

    def within(self, context: str) -> ResultCache:
        """The same cache, its pack also depending on ``context`` (a job's rubric, day, gates and finish)."""
        return ResultCache(self.folder, self._secret, self._text + "\n" + context, self.limit)

    def digest(self, file: str, content: bytes) -> bytes:
        """The keyed hash of ``file`` holding ``content`` in this context (unguessable without the secret)."""
        return hmac.digest(self._key, file.encode("utf-8", "surrogateescape") + b"\0" + content, "sha256")[:16]

    def mac(self, data: bytes | memoryview) -> bytes:
        """The MAC of a record or an index (HMAC-SHA256 with this pack's key; one C call)."""
        return hmac.digest(self._key, data, "sha256")[:MAC_SIZE]

    def fresh(self, file: str, read: Callable[[], tuple[bytes, os.stat_result | None]],
              compute: Callable[[bytes | None], list[Any]]) -> Fresh:
        """Score ``file`` now (in a worker, say) from the bytes ``read`` gives, with their digest and signature."""
        # a file that cannot be read is computed from its path (``compute(None)``: the loader reports it,
        # located) and never stored: its problem is the file system's
        now = time.time_ns()  # before the file's times are taken: see signature()
        try:
            content, info = read()
        except (OSError, KasalesError):
            return Fresh(file, None, UNSIGNED, None, compute(None))
        outcome = compute(content)
        body = encode(outcome)
        return Fresh(file, self.digest(file, content), signature(info, now), body,
                     outcome if body is None else None)

    def open(self) -> Pack:
        """This context's pack, its index loaded (an unreadable one is an empty one)."""
        return Pack(self)

    def prune(self) -> int:
        """Keep the folder within the bound (least recently used packs first); return how many files went."""
        # also temporary files and data files left by runs that died, and every older layout's entries. Only
        # files named like kasales's own are ever removed, never through a link. Races with other runs are
        # harmless (a reader keeps its open data file; a pack that vanished is a cold one).
        removed = _prune_old_layouts(self.folder)
        groups: dict[str, list[tuple[str, os.stat_result]]] = {}
        now = time.time()
        try:
            own_folder(self.packs, create=False)  # a link swapped in since prepare(): nothing is removed there
            listing = list(os.scandir(self.packs))
        except OSError:
            return removed
        for entry in listing:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if _TEMP.fullmatch(entry.name):
                if now - info.st_mtime > STALE_S:
                    removed += _unlink(entry.path)
                continue
            if (found := _PACK_FILE.fullmatch(entry.name)) and entry.is_file(follow_symlinks=False):
                groups.setdefault(found.group(1), []).append((entry.path, info))
        sizes = {name: sum(info.st_size for _, info in files) for name, files in groups.items()}
        for name, files in groups.items():
            # data files the pack's index does not name (a run died, or lost a race, before naming its own)
            named = next((_index_token(path) for path, _ in files if path.endswith(".index")), None)
            for path, info in files:
                if (path.endswith(".data") and not path.endswith(f".{named}.data")
                        and now - info.st_mtime > STALE_S):
                    removed += _unlink(path)
                    sizes[name] -= info.st_size
        total = sum(sizes.values())
        if total <= self.limit:
            return removed
        # a pack's last use: its index's time (a run that only reads touches it); no index: unused, goes first
        used = {name: next((info.st_mtime for path, info in files if path.endswith(".index")), 0.0)
                for name, files in groups.items()}
        for name in sorted(groups, key=lambda n: used[n]):
            if total <= self.limit * PRUNED_TO:
                break
            for path, _ in groups[name]:
                removed += _unlink(path)
            total -= sizes[name]
        return removed


def signature(info: os.stat_result | None, now: int) -> list[Any]:
    """A file's stat signature as an index keeps it, trusted when its times were older than RACY_NS at ``now``."""
    # ``now`` is read before the file's times were: any later write then gives the file a newer ctime. A
    # file changed just now could be rewritten within the same tick of a coarse clock (or a 1-2 s file
    # system) with the same size, keeping every time: it is read and hashed on each run until it is old enough.
    import stat

    if info is None or not stat.S_ISREG(info.st_mode):
        return list(UNSIGNED)
    trusted = max(info.st_mtime_ns, info.st_ctime_ns) < now - RACY_NS
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, trusted]


class Pack:
    """One context's index and data file during one run."""

    # ``lookup`` and ``fetch`` hits, ``store`` misses, ``close`` to save what was learned (merged with
    # concurrent runs' under a lock)

    def __init__(self, cache: ResultCache) -> None:
        self.cache = cache
        self.index_path = cache.packs / f"{cache.name}.index"
        self.token, self.entries, self._loaded = _load_index(cache, self.index_path)
        self.updates: dict[str, list[Any]] = {}
        self._fd: int | None = None
        self._size = 0
        self._created = False  # this run made the data file (so removes it if its index never names it)
        self._pending = bytearray()
        self._waiting: list[tuple[str, list[Any], int, int]] = []  # (file, signature+digest, start, length)
        self._writable = True
        self._full = False  # a record was refused at the bound: the next save reclaims what it can
        if self.entries:
            self._open_data(create=False)

    def _data_path(self) -> Path:
        return self.cache.packs / f"{self.cache.name}.{self.token}.data"

    def _open_data(self, create: bool) -> None:
        path = self._data_path()
        flags = os.O_RDWR | os.O_APPEND | (os.O_CREAT if create else 0) | NOFOLLOW
        try:
            self._fd = os.open(path, flags, 0o600)  # 0600: a run with --include-personal stores personal data
        except PermissionError:
            self._writable = False
            try:
                self._fd = os.open(path, os.O_RDONLY | NOFOLLOW)
            except OSError:
                self._fd = None
        except OSError:
            self._fd = None
        if self._fd is None:
            self.entries = {}  # nothing to read them from: every file is a miss
            return
        self._created = create
        self._size = os.fstat(self._fd).st_size

    def lookup(self, file: str) -> list[Any] | None:
        """The index entry of ``file`` if its bytes are those stored, else None (a miss)."""
        # an unchanged trusted signature costs one stat; otherwise the file is read and hashed, and its new
        # signature remembered
        entry = self.entries.get(file)
        if entry is None:
            return None
        try:
            info = os.stat(file)
        except (OSError, ValueError):
            return None
        if (entry[TRUSTED] and entry[SIZE] == info.st_size and entry[MTIME] == info.st_mtime_ns
                and entry[CTIME] == info.st_ctime_ns and entry[INODE] == info.st_ino):
            return entry
        from kasales.io.loader import read_signed

        now = time.time_ns()
        try:
            content, info2 = read_signed(Path(file))
        except (OSError, KasalesError):
            return None
        if self.cache.digest(file, content).hex() != entry[DIGEST]:
            return None
        new = [*signature(info2, now), entry[DIGEST], entry[OFFSET], entry[LENGTH]]
        if new != entry:
            self.updates[file] = new
        return new

    def fetch(self, entry: list[Any], file: str) -> list[Any] | None:
        """The stored outcome at ``entry`` (five plain fields), or None when the record is not sound: a miss."""
        # missing, truncated, corrupt or not this file's: a miss like any other
        if self._fd is None:
            return None
        try:
            record = os.pread(self._fd, entry[LENGTH], entry[OFFSET])
        except (OSError, ValueError, TypeError, OverflowError):
            return None
        # a record: MAC, the file's digest, the body; the MAC covers the digest and the body
        view = memoryview(record)
        if (len(record) != entry[LENGTH] or len(record) < 2 * MAC_SIZE
                or view[MAC_SIZE:2 * MAC_SIZE].hex() != entry[DIGEST]
                or not hmac.compare_digest(view[:MAC_SIZE], self.cache.mac(view[MAC_SIZE:]))):
            return None
        return decode(view[2 * MAC_SIZE:], file)

    def store(self, fresh: Fresh) -> list[Any]:
        """Keep a miss's record (appended soon, in one write with others); return its outcome as read back."""
        # as a warm run will read it, so a cold run and a warm run hand on exactly the same data
        if fresh.body is None or fresh.digest is None:
            assert fresh.outcome is not None
            self.entries.pop(fresh.file, None)
            return fresh.outcome
        outcome = decode(fresh.body, fresh.file)
        if outcome is None:  # pragma: no cover - encode() only makes what decode() reads
            raise ValueError(f"kasales cache: cannot read back the record of {fresh.file}")
        signed = fresh.digest + fresh.body
        record = self.cache.mac(signed) + signed
        if self._writable and self._size + len(self._pending) + len(record) <= self.cache.limit * APPEND_SHARE:
            self._waiting.append((fresh.file, [*fresh.signature, fresh.digest.hex()], len(self._pending),
                                  len(record)))
            self._pending += record
            if len(self._pending) >= FLUSH_AT:
                self._flush()
        else:
            self._full = True
        return outcome

    def _flush(self) -> None:
        """Append the waiting records in one write; O_APPEND puts them after whatever other runs appended."""
        if not self._pending:
            return
        pending, waiting = bytes(self._pending), self._waiting
        self._pending, self._waiting = bytearray(), []
        try:
            if self._fd is None:
                own_folder(self.cache.packs)
                self.token = os.urandom(8).hex()  # no index, or its data file could not be opened: a new one
                self.entries = {}
                self._open_data(create=True)
                if self._fd is None:
                    raise OSError("cannot open the data file")
            written = os.write(self._fd, pending)
            end = os.lseek(self._fd, 0, os.SEEK_CUR)  # just after our own bytes, whoever appended before
        except OSError:
            self._writable = False  # a full disk, a read-only folder: the run goes on without storing
            return
        if written != len(pending):
            self._writable = False
            return
        base = end - written
        self._size = max(self._size, end)
        for file, known, start, length in waiting:
            self.updates[file] = [*known, base + start, length]

    def close(self) -> None:
        """Save what this run learned into the index, compacting the data when most of it is garbage."""
        # merged with what concurrent runs saved meanwhile; a run that learned nothing only marks the pack used
        try:
            self._flush()
            if (self.updates or self._full) and self._writable:
                with contextlib.suppress(OSError):
                    self._save()
            elif self.entries:
                with contextlib.suppress(OSError):
                    # used now: pruning removes the least recently used packs (a link's target is never touched)
                    os.utime(self.index_path, follow_symlinks=os.utime not in os.supports_follow_symlinks)
        finally:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def _save(self) -> None:
        with _locked(self.cache.packs / f"{self.cache.name}.lock"):
            token, entries = self.token, self.entries
            if _identity(self.index_path) != self._loaded:  # another run saved since we loaded: merge into it
                token, entries, _ = _load_index(self.cache, self.index_path)
            if token != self.token and entries:
                # our records are in a data file its index does not name (two first runs at once, or a
                # compaction meanwhile): theirs stays, ours is dropped - it only costs misses later
                if self._created:
                    _unlink(str(self._data_path()))
                return
            merged = {**entries, **self.updates}
            # files deleted or renamed since: their entries would count as live forever, and compaction
            # never reclaim their records (the paths are as runs from this pack's folder named them)
            for file in [f for f in merged if f not in self.updates and _gone(f)]:
                del merged[file]
            live = sum(e[LENGTH] for e in merged.values())
            size = os.fstat(self._fd).st_size if self._fd is not None else 0
            if size > 2 * live + COMPACT_SLACK or (self._full and size > live):
                self._compact(merged)  # mostly superseded records (files changed or gone), or full of them
            _write_index(self.cache, self.index_path, self.token, merged)

    def _compact(self, merged: dict[str, list[Any]]) -> None:
        """Copy the live records into a new data file (the old one goes once the new index names it)."""
        assert self._fd is not None
        old, old_path = self._fd, self._data_path()
        self.token = os.urandom(8).hex()
        fd = os.open(self._data_path(), os.O_RDWR | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
        out = bytearray()
        offset = 0
        try:
            for file, entry in list(merged.items()):
                record = os.pread(old, entry[LENGTH], entry[OFFSET])
                if len(record) != entry[LENGTH]:
                    del merged[file]
                    continue
                merged[file] = [*entry[:OFFSET], offset, entry[LENGTH]]
                out += record
                offset += len(record)
                if len(out) >= FLUSH_AT:
                    _write_all(fd, out)
                    out = bytearray()
            _write_all(fd, out)
        except BaseException:
            os.close(fd)
            _unlink(str(self._data_path()))
            raise
        self._fd = fd
        os.close(old)
        self._size = offset
        _unlink(str(old_path))  # a concurrent reader keeps its open file; a late one just misses


def _gone(file: str) -> bool:
    """Whether ``file`` no longer exists (a link to nothing still does; an unreadable folder: not known)."""
    try:
        os.lstat(file)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return False


def _write_all(fd: int, data: bytes | bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An advisory lock on ``path`` (POSIX); elsewhere no lock: concurrent runs then lose, not spoil, entries."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def _load_index(cache: ResultCache, path: Path) -> tuple[str, dict[str, list[Any]], tuple[int, int, int] | None]:
    """(data token, entries, the index file's identity); an index missing, corrupt or foreign is empty."""
    # foreign: not made with this secret and context
    empty: tuple[str, dict[str, list[Any]], tuple[int, int, int] | None] = (os.urandom(8).hex(), {}, None)
    try:
        with os.fdopen(os.open(path, os.O_RDONLY | NOFOLLOW), "rb") as handle:
            info = os.fstat(handle.fileno())
            raw = handle.read()
    except OSError:
        return empty
    head, _, payload = raw.partition(b"\n")
    parts = head.split(b" ")
    if len(parts) != 4 or parts[0] != HEAD.encode() or parts[1] != LAYOUT.encode():
        return empty
    token = parts[2].decode("ascii", "replace")
    signed = b"index " + parts[2] + b"\n" + payload
    if not re.fullmatch(r"[0-9a-f]{16}", token) or parts[3] != cache.mac(signed).hex().encode():
        return empty
    try:  # surrogateescape: a file name that is not UTF-8 is kept as the index wrote it
        entries = json.loads(payload.decode("utf-8", "surrogateescape"))
    except (ValueError, RecursionError):
        return empty
    if not isinstance(entries, dict):
        return empty
    return token, entries, (info.st_ino, info.st_mtime_ns, info.st_size)


def _index_token(path: str) -> str | None:
    """The data token an index's first line names (not checked: pruning only needs to spare its data)."""
    try:
        with os.fdopen(os.open(path, os.O_RDONLY | NOFOLLOW), "rb") as handle:
            parts = handle.readline(200).split(b" ")
    except OSError:
        return None
    return parts[2].decode("ascii", "replace") if len(parts) == 4 else None


def _write_index(cache: ResultCache, path: Path, token: str, entries: dict[str, list[Any]]) -> None:
    payload = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogateescape")
    mac = cache.mac(b"index " + token.encode("ascii") + b"\n" + payload).hex()
    temp = path.parent / f".{cache.name}.{os.getpid()}.tmp"
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | NOFOLLOW, 0o600)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(f"{HEAD} {LAYOUT} {token} {mac}\n".encode("ascii"))
            out.write(payload)
        os.replace(temp, path)
    except BaseException:
        _unlink(str(temp))
        raise


TUPLE, NAMED = "\x00tuple", "\x00named"  # the tags of the two shapes JSON lacks (no real key starts with NUL)


def encode(outcome: list[Any] | tuple[Any, ...]) -> bytes | None:
    """An outcome as a record body, or None when it is not plain data (then it is simply not stored)."""
    # a JSON head line, then the item's text as is when it is text (a JSON record, a CSV line: no escaping
    # to undo). Any other item is stored so that it reads back as exactly itself (tuples, and kasales's
    # NamedTuples such as a table or report row, by type). Not plain data: a Decimal, an enum, NaN, a lone
    # surrogate.
    file, problems, account, failures, item = outcome
    try:
        if type(item) is str:
            kind, data, raw = "s", None, item
        else:
            kind, data, raw = "j", _plain(item), ""
        head = json.dumps([file, problems, account, failures, kind, data], ensure_ascii=False,
                          separators=(",", ":"), allow_nan=False)
        return head.encode("utf-8", "surrogateescape") + b"\n" + raw.encode("utf-8", "surrogateescape")
    except (TypeError, ValueError):
        return None


def _plain(value: Any) -> Any:
    """``value`` as JSON data that decode() turns back into exactly ``value``; TypeError for anything else."""
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        if not all(type(k) is str and not k.startswith("\x00") for k in value):
            raise TypeError("a key JSON would change")
        return {k: _plain(v) for k, v in value.items()}
    if kind is tuple:
        return {TUPLE: [_plain(v) for v in value]}
    if issubclass(kind, tuple) and hasattr(kind, "_fields") and kind.__module__.startswith("kasales."):
        return {NAMED: [f"{kind.__module__}:{kind.__qualname__}", [_plain(v) for v in value]]}
    raise TypeError(kind.__qualname__)


def _thawed(data: dict[str, Any]) -> Any:
    """json.loads's object hook: a tagged tuple or NamedTuple back as itself (inner values first)."""
    if len(data) == 1:
        if TUPLE in data:
            return tuple(data[TUPLE])
        if NAMED in data:
            name, values = data[NAMED]
            return _named(name)(*values)
    return data


def decode(body: bytes | memoryview, file: str) -> list[Any] | None:
    """The outcome in a record body, if it is one of ``file`` (see valid_outcome); else None."""
    cut = bytes(body[:4096]).find(b"\n")  # the head is short; the item after it can be long: not copied
    if cut < 0:
        cut = bytes(body).find(b"\n")
        if cut < 0:
            return None
    try:
        name, problems, account, failures, kind, data = json.loads(str(body[:cut], "utf-8", "surrogateescape"),
                                                                   parse_constant=_no_constant, object_hook=_thawed)
        if kind == "s":
            item = str(body[cut + 1:], "utf-8", "surrogateescape")
        elif kind == "j":
            item = data
        else:
            return None
    except (ValueError, TypeError, RecursionError, LookupError, AttributeError, ImportError):
        return None
    outcome = [name, problems, account, failures, item]
    return outcome if valid_outcome(outcome, file) else None


@functools.cache
def _named(where: str) -> type:
    """The NamedTuple type a record names (only kasales's own)."""
    import importlib

    module, _, name = where.partition(":")
    if not module.startswith("kasales."):
        raise LookupError(where)
    found = getattr(importlib.import_module(module), name)
    if not (isinstance(found, type) and issubclass(found, tuple) and hasattr(found, "_fields")):
        raise LookupError(where)
    return found


def _prune_old_layouts(folder: Path) -> int:
    """Remove the entries of older layouts (never read again); only files named like them."""
    removed = 0
    for layout in OLD_LAYOUTS:
        top = folder / layout
        if not top.is_dir() or top.is_symlink():
            continue
        for entry in _files(top):
            if (_OLD_SHARD.fullmatch(os.path.basename(os.path.dirname(entry.path)))
                    and _OLD_ENTRY.fullmatch(entry.name)):
                removed += _unlink(entry.path)
    return removed


def _files(folder: Path) -> Iterator[os.DirEntry[str]]:
    """Every file below ``folder``, never following links."""
    stack = [str(folder)]
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


class Uncacheable(Exception):
    """A job whose items cannot be described (a closure, a lambda): its run goes without the cache."""


def describe(value: Any) -> Any:
    """``value`` as stable JSON-ready data for a cache key; Uncacheable for a closure or lambda."""
    # functions by name, partials with their arguments, dataclasses and pydantic models by content, sets
    # sorted. What a closure or lambda captured is invisible here, so its items must never be served.
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
        # a job's cache is not part of its items; a view's batch is what the run makes, not what an item is
        # made from (what a row takes from it - whether the run has one file - is in the key apart)
        return {type(value).__qualname__: {f.name: describe(getattr(value, f.name)) for f in dataclasses.fields(value)
                                           if f.name not in ("cache", "batch")}}
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
    """Whether ``data`` is an outcome of ``file``: [file, problems, account id, gate failures, item]."""
    # a rejected file has problems and no id, an accepted one an id and no problems
    if not (isinstance(data, list) and len(data) == 5 and data[0] == file):
        return False
    _, problems, account, failures, _ = data
    if not (isinstance(problems, list) and isinstance(failures, list)):
        return False
    if account is None:
        return bool(problems) and not failures and all(_plain_problem(p, file) for p in problems)
    return isinstance(account, str) and not problems and all(_plain_msg(m) for m in failures)


def prepare(folder: Path) -> None:
    """Create ``folder``, its packs' folder, .gitignore and CACHEDIR.TAG if missing; OSError if either is unsafe."""
    # A repository could ship `.kasales_cache` (or `.kasales_cache/v2`) as a link to any folder of yours,
    # and kasales would write its `.gitignore` (`*`) and its packs there, and prune files there: a link, a
    # folder of somebody else's or one others may write into (and so swap files in) turns the cache off.
    own_folder(folder)
    own_folder(folder / LAYOUT)
    for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
        target = folder / name
        if not target.exists():
            with contextlib.suppress(OSError):
                _write_new(target, text)


def own_folder(folder: Path, create: bool = True) -> None:
    """Make ``folder`` if missing; OSError unless it is a real folder of this user's that others cannot write."""
    import stat

    if create:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o755, parents=True)  # 0755, whatever the umask (002 would let the group write)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):  # a symbolic link (to a folder or not), or a file
        raise OSError(f"{folder} is not a folder")
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        raise OSError(f"{folder} is not yours alone to write")


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
    """What identifies the installed code beyond its version: its files' names, sizes and modification times."""
    # an editable install changes its code without changing its version
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".yaml", ".json", ".j2", ".css", ".js")):
                info = os.stat(os.path.join(root, name))
                digest.update(f"{os.path.relpath(os.path.join(root, name), package)}\0{info.st_size}\0"
                              f"{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


LIBRARIES = (("ruamel.yaml", "ruamel.yaml"), ("pydantic", "pydantic"), ("pydantic_core", "pydantic-core"),
             ("rich", None))  # (module, distribution): their wording, lines and columns are in records


def library_versions() -> str:
    """Python's and the libraries' versions that shape a stored record, as one line of a cache context."""
    import sys

    found = [f"python {sys.version_info[0]}.{sys.version_info[1]}"]
    for module, dist in LIBRARIES:
        if dist is None:  # no __version__ (rich): its files' stamp, not importlib.metadata (some ms to import)
            found.append(f"{module} {_stamp(module)}")
            continue
        # a module already imported says its version at no cost; importlib.metadata is asked only otherwise
        version = getattr(sys.modules.get(module), "__version__", None)
        if not isinstance(version, str):
            import importlib.metadata

            try:
                version = importlib.metadata.version(dist)
            except importlib.metadata.PackageNotFoundError:
                version = "-"
        found.append(f"{dist} {version}")
    return ", ".join(found)


def _stamp(module: str) -> str:
    """Where ``module`` is installed, its size and modification time (an upgrade rewrites it), without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
        info = os.stat(spec.origin) if spec is not None and spec.origin else None
    except (ImportError, ValueError, OSError):
        info = None
    return "-" if info is None else f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"
