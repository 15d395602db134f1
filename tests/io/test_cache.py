"""The result cache's entries: keyed on everything that changes them, JSON only, garbage ignored, size bounded."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from kasales.io import cache as cachemod
from kasales.io.cache import ResultCache, prepare, secret, through, valid_outcome

ACCEPTED = ["a.yaml", [], "acme", [["gate_failed_verdict", {"verdict": "pursue"}]], {"row": [1, "x", None]}]
REJECTED = ["a.yaml", [["a.yaml", 3, 7, ["bad_value", {"field": "stage", "hint": {"__msg__": ["h", {}]}}],
                        "error", False]], None, [], None]


def _cache(folder: Path, context: str = "ctx", key: bytes = b"k" * 32) -> ResultCache:
    prepare(folder)
    return ResultCache(folder, key, context)


def test_an_entry_reads_back_as_stored_and_only_for_its_own_file(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c")
    key = cache.key("a.yaml", b"content")
    assert cache.get(key, "a.yaml") is None
    assert cache.put(key, ACCEPTED) == ACCEPTED
    assert cache.get(key, "a.yaml") == ACCEPTED
    assert cache.get(key, "b.yaml") is None  # an entry renamed onto another file's key is no hit
    rejected_key = cache.key("a.yaml", b"broken")
    cache.put(rejected_key, REJECTED)
    assert cache.get(rejected_key, "a.yaml") == REJECTED


def test_the_key_changes_with_path_content_context_and_secret(tmp_path: Path) -> None:
    base = _cache(tmp_path / "c")
    keys = {
        base.key("a.yaml", b"x"),
        base.key("b.yaml", b"x"),
        base.key("a.yaml", b"y"),
        _cache(tmp_path / "c", context="other day").key("a.yaml", b"x"),
        _cache(tmp_path / "c", key=b"s" * 32).key("a.yaml", b"x"),
    }
    assert len(keys) == 5


@pytest.mark.parametrize("garbage", [
    b"", b"\x00\xff\xfe", b"not json", b"[1, 2", b"NaN", b"{}", b"[]", b'"a.yaml"',
    json.dumps(["a.yaml", [], None, [], None]).encode(),  # neither problems nor an id
    json.dumps(["a.yaml", [], "id", [], None, "extra"]).encode(),
    json.dumps(["a.yaml", [["a.yaml", 0, 1, ["k", {}], "error", False]], None, [], None]).encode(),  # line 0
    json.dumps(["a.yaml", [["other.yaml", 1, 1, ["k", {}], "error", False]], None, [], None]).encode(),
    json.dumps(["a.yaml", [], "id", [["k", {"p": {"__msg__": "not a message"}}]], None]).encode(),
    json.dumps(["a.yaml", [], "id", [["k"]], None]).encode(),
    json.dumps(["a.yaml", [], 7, [], None]).encode(),
    json.dumps({"__reduce__": "os.system", "args": ["echo pwned"]}).encode(),
    b"\x80\x04\x95" + b"cos\nsystem\n(S'echo pwned'\ntR.",  # a pickle: never unpickled, just not JSON
    b"[" * 100_000,  # deep nesting: no RecursionError escapes
])
def test_garbage_entries_are_misses_and_get_rebuilt(tmp_path: Path, garbage: bytes) -> None:
    cache = _cache(tmp_path / "c")
    key = cache.key("a.yaml", b"content")
    cache.put(key, ACCEPTED)
    entry = next((tmp_path / "c" / cachemod.ENTRIES).rglob("*.json"))
    entry.write_bytes(garbage)
    assert cache.get(key, "a.yaml") is None
    computed: list[bytes | None] = []

    def compute(content: bytes | None) -> list[Any]:
        computed.append(content)
        return ACCEPTED

    assert through(cache, "a.yaml", lambda: b"content", compute) == ACCEPTED
    assert computed == [b"content"]
    assert json.loads(entry.read_text("utf-8")) == ACCEPTED  # rebuilt in place


def test_through_computes_once_then_reads(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c")
    calls: list[bytes | None] = []

    def compute(content: bytes | None) -> list[Any]:
        calls.append(content)
        return [*ACCEPTED[:4], ("a", "tuple")]  # tuples come back as JSON lists, on the cold run too

    first = through(cache, "a.yaml", lambda: b"v1", compute)
    second = through(cache, "a.yaml", lambda: b"v1", compute)
    third = through(cache, "a.yaml", lambda: b"v2", compute)
    assert first == second == third and first[4] == ["a", "tuple"]
    assert calls == [b"v1", b"v2"]


def test_an_unreadable_file_is_computed_from_its_path_and_not_stored(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c")

    def unreadable() -> bytes:
        raise PermissionError("denied")

    assert through(cache, "a.yaml", unreadable, lambda content: REJECTED if content is None else ACCEPTED) == REJECTED
    assert list((tmp_path / "c").rglob("*.json")) == []


def test_the_folder_says_git_and_backups_should_ignore_it(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "c"
    prepare(folder)
    assert (folder / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text("utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    (folder / ".gitignore").write_text("mine\n", encoding="utf-8")
    prepare(folder)  # never overwrites what is there
    assert (folder / ".gitignore").read_text("utf-8") == "mine\n"


def test_the_secret_is_made_once_private_and_kept(tmp_path: Path) -> None:
    home = tmp_path / "home" / "kasales"
    first = secret(home)
    assert len(first) == 32 and secret(home) == first
    assert (home / cachemod.SECRET_NAME).stat().st_mode & 0o077 == 0
    (home / cachemod.SECRET_NAME).write_text("garbage", encoding="ascii")
    assert secret(home) != first  # an unusable secret is replaced, which only costs misses


def test_prune_keeps_the_most_recently_used_within_the_bound(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c")
    keys = [cache.key(f"{i}.yaml", b"x") for i in range(20)]
    now = time.time()
    for age, key in enumerate(keys):
        cache.put(key, [*ACCEPTED[:4], "x" * 1000])
        os.utime(cache._path(key), (now - 1000 + age, now - 1000 + age))
    cache.get(keys[0], ACCEPTED[0])  # the oldest, but used just now
    stale_temp = cache._path(keys[1]).parent / ".123.4.tmp"
    stale_temp.write_text("half an entry", encoding="utf-8")
    os.utime(stale_temp, (now - 7200, now - 7200))
    size = cache._path(keys[5]).stat().st_size
    assert cache.prune(limit=10 * size) > 0
    left = sorted(p for p in (tmp_path / "c").rglob("*") if p.is_file() and p.parent != tmp_path / "c")
    assert sum(p.stat().st_size for p in left) <= 10 * size
    assert cache._path(keys[0]) in left and cache._path(keys[19]) in left
    assert cache._path(keys[2]) not in left and not stale_temp.exists()
    assert (tmp_path / "c" / ".gitignore").exists()


def test_prune_if_due_runs_at_most_every_few_minutes(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c")
    for i in range(5):
        cache.put(cache.key(f"{i}.yaml", b"x"), ACCEPTED)
    assert cache.prune_if_due(limit=0) == 5
    cache.put(cache.key("late.yaml", b"x"), ACCEPTED)
    assert cache.prune_if_due(limit=0) == 0  # pruned a moment ago


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    cache = _cache(folder)
    (folder / cachemod.ENTRIES).write_text("a file where the entries' folder should be", encoding="utf-8")
    assert through(cache, "a.yaml", lambda: b"x", lambda content: ACCEPTED) == ACCEPTED


def test_valid_outcome_accepts_what_workers_send() -> None:
    assert valid_outcome(ACCEPTED, "a.yaml") and valid_outcome(REJECTED, "a.yaml")
    assert not valid_outcome(ACCEPTED, "b.yaml")


def test_prune_removes_nothing_but_its_own_files(tmp_path: Path) -> None:
    """A cache folder that somehow holds other files (or points at a folder of yours) loses none of them."""
    cache = _cache(tmp_path / "c")
    key = cache.key("a.yaml", b"x")
    cache.put(key, ACCEPTED)
    shard = cache._path(key).parent
    foreign = [shard / "notes.json", shard / "README", tmp_path / "c" / "v1" / "photo.json",
               tmp_path / "c" / "mine" / "ab" / ("0" * 62 + ".txt")]
    for path in foreign:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep me", encoding="utf-8")
        os.utime(path, (0, 0))  # the oldest files there are
    assert cache.prune(limit=0) == 1
    assert all(p.exists() for p in foreign) and not cache._path(key).exists()


def test_a_cache_folder_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "your-project"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    with pytest.raises(OSError):
        prepare(tmp_path / "link")
    assert list(target.iterdir()) == []  # no .gitignore of `*` written into it
