"""The result cache's packs: keyed on everything that changes a record, JSON only, garbage ignored, safe under
concurrent runs, never stale after a same-size rewrite, size bounded."""

from __future__ import annotations

import json
import os
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from kasales.core.vocab import Stage
from kasales.io import cache as cachemod
from kasales.io.cache import LAYOUT, ResultCache, decode, encode, prepare, secret, signature, valid_outcome
from kasales.io.loader import read_signed
from kasales.render.markdown import MarkdownRow

ACCEPTED = ["a.yaml", [], "acme", [["gate_failed_verdict", {"verdict": "pursue"}]], {"row": [1, "x", None]}]
REJECTED = ["a.yaml", [["a.yaml", 3, 7, ["bad_value", {"field": "stage", "hint": {"__msg__": ["h", {}]}}],
                        "error", False]], None, [], None]


STAGE = next(iter(Stage))  # an enum member: equal to its text, but not read back as one


class Row(NamedTuple):
    """A row type of somebody else's: a record never names it."""

    name: str


def _cache(folder: Path, context: str = "ctx", key: bytes = b"k" * 32, limit: int = cachemod.MAX_BYTES
           ) -> ResultCache:
    prepare(folder)
    return ResultCache(folder, key, context, limit)


def _profile(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(cache: ResultCache, files: list[str], computed: list[str] | None = None,
        item: Any = None) -> list[list[Any]]:
    """What batch._through_cache does, in one process: hits from the pack, misses computed and stored."""
    def compute(file: str, content: bytes | None) -> list[Any]:
        if computed is not None:
            computed.append(os.path.basename(file))
        text = "" if content is None else content.decode()
        return [file, [], "id-" + text, [], text if item is None else item]

    pack = cache.open()
    try:
        out = []
        for file in files:
            entry = pack.lookup(file)
            found = pack.fetch(entry, file) if entry is not None else None
            if found is None:
                found = pack.store(cache.fresh(file, lambda f=file: read_signed(Path(f)),
                                               lambda content, f=file: compute(f, content)))
            out.append(found)
        return out
    finally:
        pack.close()


def _pack_files(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / LAYOUT).iterdir() if p.is_file())


def test_a_record_reads_back_as_stored_and_only_for_its_own_file(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c")
    a = _profile(tmp_path, "a.yaml", "one")
    computed: list[str] = []
    first = run(cache, [a], computed)
    assert run(cache, [a], computed) == first and computed == ["a.yaml"]
    pack = cache.open()
    entry = pack.lookup(a)
    assert entry is not None and pack.fetch(entry, a) == first[0]
    assert pack.fetch(entry, str(tmp_path / "b.yaml")) is None  # a record is only ever its own file's
    pack.close()


def test_a_file_name_that_is_not_utf8_is_served_too(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c")
    odd = os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.yaml")  # Latin-1, as an old archive may hold
    Path(odd).write_text("one", encoding="utf-8")
    computed: list[str] = []
    assert run(cache, [odd], computed) == run(cache, [odd], computed)
    assert len(computed) == 1


def test_the_key_changes_with_path_content_context_and_secret(tmp_path: Path) -> None:
    base = _cache(tmp_path / "c")
    digests = {
        base.digest("a.yaml", b"x"),
        base.digest("b.yaml", b"x"),
        base.digest("a.yaml", b"y"),
        base.digest("a.yam", b"lx"),  # the path and the bytes cannot be shifted into each other
        _cache(tmp_path / "c", context="other day").digest("a.yaml", b"x"),
        _cache(tmp_path / "c", key=b"s" * 32).digest("a.yaml", b"x"),
    }
    assert len(digests) == 6
    names = {base.name, base.within("more").name, _cache(tmp_path / "c", key=b"s" * 32).name}
    assert len(names) == 3  # a pack per context, named with the secret


@pytest.mark.parametrize("item", ["a JSON record\n{\"x\": \"一\"}", {"row": [1, None, "x"]}, ["a", 1.5],
                                  MarkdownRow(1, "line", "block", (3, "owed")), ("a", ("b", [("c",)])),
                                  {"k": (1, {"n": MarkdownRow(0, "l", "b", None)})}, None, True, 0, -2.5, "",
                                  "bad \udcff byte in a file name"])
def test_items_come_back_exactly_as_they_were_made(item: Any) -> None:
    body = encode(["a.yaml", [], "id", [], item])
    assert body is not None
    back = decode(body, "a.yaml")
    assert back is not None and back[4] == item and repr(back[4]) == repr(item)  # tuples and types too


@pytest.mark.parametrize("item", [Decimal("1.5"), float("nan"), {"set"}, "lone \ud800 surrogate", Row("x"),
                                  {1: "an int key"}, {"\x00tuple": "a key like a tag"}, STAGE, [b"bytes"]])
def test_an_item_that_is_not_plain_data_is_handed_on_but_not_stored(tmp_path: Path, item: Any) -> None:
    assert encode(["a.yaml", [], "id", [], item]) is None
    cache = _cache(tmp_path / "c")
    a = _profile(tmp_path, "a.yaml", "one")
    computed: list[str] = []
    assert run(cache, [a], computed, item)[0][4] is item
    assert run(cache, [a], computed, item)[0][4] is item and computed == ["a.yaml", "a.yaml"]


@pytest.mark.parametrize("garbage", [
    b"", b"\x00\xff\xfe", b"not json\nx", b"[1, 2\n", b"NaN\n", b"{}\n", b"[]\n", b'"a.yaml"\n',
    json.dumps(["a.yaml", [], None, [], "j", None]).encode() + b"\n",  # neither problems nor an id
    json.dumps(["a.yaml", [], "id", [], "j", None, "extra"]).encode() + b"\n",
    json.dumps(["a.yaml", [["a.yaml", 0, 1, ["k", {}], "error", False]], None, [], "j", None]).encode() + b"\n",
    json.dumps(["a.yaml", [["other.yaml", 1, 1, ["k", {}], "error", False]], None, [], "j", None]).encode() + b"\n",
    json.dumps(["a.yaml", [], "id", [["k", {"p": {"__msg__": "not a message"}}]], "j", None]).encode() + b"\n",
    json.dumps(["a.yaml", [], 7, [], "j", None]).encode() + b"\n",
    json.dumps(["a.yaml", [], "id", [], "j", {"\x00named": ["os:system", ["echo pwned"]]}]).encode() + b"\n",
    json.dumps(["a.yaml", [], "id", [], "j", {"\x00named": ["kasales.io.cache:ResultCache", []]}]).encode() + b"\n",
    json.dumps(["a.yaml", [], "id", [], "j", {"\x00named": [f"{__name__}:Row", ["x"]]}]).encode() + b"\n",
    json.dumps(["a.yaml", [], "id", [], "x", None]).encode() + b"\n",  # no such kind
    json.dumps({"__reduce__": "os.system", "args": ["echo pwned"]}).encode() + b"\n",
    b"\x80\x04\x95" + b"cos\nsystem\n(S'echo pwned'\ntR.",  # a pickle: never unpickled, just not JSON
    b"[" * 100_000 + b"\n",  # deep nesting: no RecursionError escapes
])
def test_a_body_that_is_not_an_outcome_of_the_file_is_none(garbage: bytes) -> None:
    assert decode(garbage, "a.yaml") is None


def test_valid_outcome_accepts_what_workers_send() -> None:
    assert valid_outcome(ACCEPTED, "a.yaml") and valid_outcome(REJECTED, "a.yaml")
    assert not valid_outcome(ACCEPTED, "b.yaml")


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty index", "garbage index", "remove data"])
def test_a_damaged_pack_is_a_miss_and_rebuilt(tmp_path: Path, damage: str) -> None:
    cache = _cache(tmp_path / "c")
    files = [_profile(tmp_path, f"{i}.yaml", f"profile {i}") for i in range(5)]
    computed: list[str] = []
    expected = run(cache, files, computed)
    [index] = (tmp_path / "c" / LAYOUT).glob("*.index")
    [data] = (tmp_path / "c" / LAYOUT).glob("*.data")
    raw = data.read_bytes()
    if damage == "truncate":
        data.write_bytes(raw[: len(raw) - 3])  # the last record loses its end
    elif damage == "flip":
        data.write_bytes(raw[:40] + bytes([raw[40] ^ 1]) + raw[41:])  # the first record's MAC fails
    elif damage == "empty index":
        index.write_bytes(b"")
    elif damage == "garbage index":
        index.write_bytes(b"kasales-cache v2 0123456789abcdef 00\n{}")
    else:
        data.unlink()
    del computed[:]
    assert run(cache, files, computed) == expected
    assert computed and (len(computed) == 1) == (damage in ("truncate", "flip"))  # only what was lost
    del computed[:]
    assert run(cache, files, computed) == expected and computed == []  # rebuilt: all hits again


def _stat(mtime_ns: int, ctime_ns: int) -> os.stat_result:
    """A regular file's stat with these times (the float and the nanosecond fields alike)."""
    return os.stat_result((0o100644, 1, 2, 1, 0, 0, 10, 0, mtime_ns // 10**9, ctime_ns // 10**9,
                           0.0, mtime_ns / 1e9, ctime_ns / 1e9, 0, mtime_ns, ctime_ns))


def test_signatures_are_trusted_only_for_files_older_than_the_clock_tick() -> None:
    now = time.time_ns()
    second, minute = 10**9, 60 * 10**9
    assert signature(_stat(now - second, now - second), now)[cachemod.TRUSTED] is False  # could change unseen
    assert signature(_stat(now - minute, now - minute), now)[cachemod.TRUSTED] is True
    assert signature(_stat(now - minute, now - second), now)[cachemod.TRUSTED] is False  # touch -d, cp -p
    assert signature(None, now) == cachemod.UNSIGNED  # standard input: always read and hashed


def test_a_coarse_clock_rewrite_with_the_same_size_is_never_served_stale(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system whose times tick in whole seconds, a rewrite within the same second keeps size,
    mtime, ctime and inode. Emulated here: stat rounds every time down to the second. The first run saw the
    file just written (its times within RACY_NS), so it never trusts the signature: the rewrite is found."""
    real_stat = os.stat

    def coarse(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        info = real_stat(path, *args, **kwargs)
        whole = [t // 10**9 * 10**9 for t in (info.st_atime_ns, info.st_mtime_ns, info.st_ctime_ns)]
        return os.stat_result([*info[:10], *(t / 1e9 for t in whole), *whole])

    monkeypatch.setattr(cachemod.os, "stat", coarse)
    monkeypatch.setattr(cachemod.os, "fstat", lambda fd: coarse(fd))
    cache = _cache(tmp_path / "c")
    a = _profile(tmp_path, "a.yaml", "version 1")
    assert run(cache, [a])[0][4] == "version 1"
    before = os.stat(a)
    with open(a, "r+b") as handle:  # in place, same size, same (coarse) times
        handle.write(b"VERSION")
    assert (os.stat(a).st_size, os.stat(a).st_mtime_ns // 10**9) == (before.st_size, before.st_mtime_ns // 10**9) \
        or pytest.skip("the second ticked between the writes")
    assert run(cache, [a])[0][4] == "VERSION 1"


def test_an_unreadable_file_is_computed_from_its_path_and_not_stored(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c")
    computed: list[str] = []
    missing = str(tmp_path / "gone.yaml")
    assert run(cache, [missing], computed)[0] == [missing, [], "id-", [], ""]
    assert run(cache, [missing], computed) and computed == ["gone.yaml", "gone.yaml"]


def test_two_runs_at_once_both_keep_what_they_learned(tmp_path: Path) -> None:
    """Two runs open the same pack, each stores other files, both save: the index has both (merged under
    a lock), and every record reads back."""
    cache = _cache(tmp_path / "c")
    files = [_profile(tmp_path, f"{i}.yaml", f"profile {i}") for i in range(6)]
    run(cache, files[:2])
    first, second = cache.open(), cache.open()
    for pack, mine in ((first, files[2:4]), (second, files[4:])):
        for file in mine:
            pack.store(cache.fresh(file, lambda f=file: read_signed(Path(f)),
                                   lambda content, f=file: [f, [], "id", [], content.decode()]))
    second.close()
    first.close()
    computed: list[str] = []
    assert [o[4] for o in run(cache, files, computed)] == [f"profile {i}" for i in range(6)] and computed == []


def test_two_first_runs_at_once_leave_one_valid_pack(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c")
    files = [_profile(tmp_path, f"{i}.yaml", f"profile {i}") for i in range(4)]
    first, second = cache.open(), cache.open()  # neither finds an index
    for pack in (first, second):
        for file in files:
            pack.store(cache.fresh(file, lambda f=file: read_signed(Path(f)),
                                   lambda content, f=file: [f, [], "id", [], content.decode()]))
    first.close()
    second.close()  # its records are in a data file the index does not name: dropped, and the file removed
    assert len(list((tmp_path / "c" / LAYOUT).glob("*.data"))) == 1
    computed: list[str] = []
    assert len(run(cache, files, computed)) == 4 and computed == []


def test_a_pack_mostly_garbage_is_compacted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cachemod, "COMPACT_SLACK", 0)
    cache = _cache(tmp_path / "c")
    keep = [_profile(tmp_path, f"keep{i}.yaml", f"kept {i}") for i in range(3)]
    busy = _profile(tmp_path, "busy.yaml", "edit 0")
    run(cache, [*keep, busy])
    for n in range(1, 20):  # the same file changed again and again: a new record each time
        Path(busy).write_text(f"edit {n:<3}", encoding="utf-8")
        run(cache, [*keep, busy])
    [data] = (tmp_path / "c" / LAYOUT).glob("*.data")
    [index] = (tmp_path / "c" / LAYOUT).glob("*.index")
    live = sum(e[cachemod.LENGTH] for e in json.loads(index.read_bytes().partition(b"\n")[2]).values())
    assert data.stat().st_size <= 2 * live
    computed: list[str] = []
    assert [o[4] for o in run(cache, [*keep, busy], computed)] == ["kept 0", "kept 1", "kept 2", "edit 19 "]
    assert computed == []


def test_prune_keeps_the_most_recently_used_packs_within_the_bound(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    files = [_profile(tmp_path, f"{i}.yaml", "x" * 2000) for i in range(3)]
    now = time.time()
    caches = [_cache(folder, context=f"day {d}") for d in range(6)]
    for age, cache in enumerate(caches):
        run(cache, files)
        for path in _pack_files(folder):
            if path.name.startswith(cache.name):
                os.utime(path, (now - 1000 + age, now - 1000 + age))
    run(caches[0], files)  # the oldest, but used just now
    stale_temp = folder / LAYOUT / f".{'0' * 32}.123.tmp"
    stale_temp.write_text("half an index", encoding="utf-8")
    orphan = folder / LAYOUT / f"{caches[0].name}.{'0' * 16}.data"  # the data of a run that died before naming it
    orphan.write_text("records", encoding="utf-8")
    fresh_orphan = folder / LAYOUT / f"{caches[0].name}.{'1' * 16}.data"  # maybe a run that is writing it now
    fresh_orphan.write_text("records", encoding="utf-8")
    for old in (stale_temp, orphan):
        os.utime(old, (now - 7200, now - 7200))
    one_pack = sum(p.stat().st_size for p in _pack_files(folder) if p.name.startswith(caches[5].name))
    limited = _cache(folder, context="day 0", limit=3 * one_pack)
    assert limited.prune() > 0
    left = {p.name.split(".")[0] for p in _pack_files(folder)}
    assert sum(p.stat().st_size for p in _pack_files(folder)) <= 3 * one_pack
    assert caches[0].name in left and caches[5].name in left
    assert caches[1].name not in left and not stale_temp.exists()
    assert not orphan.exists() and fresh_orphan.exists()
    computed: list[str] = []
    assert len(run(caches[0], files, computed)) == 3 and computed == []  # the pack in use kept its data
    assert (folder / ".gitignore").exists()


def test_a_run_stops_storing_at_the_bound(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c", limit=20_000)
    files = [_profile(tmp_path, f"{i}.yaml", "y" * 1000) for i in range(40)]
    computed: list[str] = []
    assert len(run(cache, files, computed)) == 40
    assert sum(p.stat().st_size for p in _pack_files(tmp_path / "c")) <= 20_000
    assert len(run(cache, files, computed)) == 40 and 40 < len(computed) < 80  # the first files are served


def test_prune_removes_nothing_but_its_own_files(tmp_path: Path) -> None:
    """A cache folder that somehow holds other files (or points at a folder of yours) loses none of them;
    entries of the older layout (one JSON file each) are removed."""
    run(_cache(tmp_path / "c"), [_profile(tmp_path, "a.yaml", "x")])
    cache = _cache(tmp_path / "c", limit=0)
    old = tmp_path / "c" / "v1" / "ab" / ("0" * 62 + ".json")
    foreign = [tmp_path / "c" / LAYOUT / "notes.json", tmp_path / "c" / LAYOUT / "README",
               tmp_path / "c" / "v1" / "photo.json", tmp_path / "c" / "mine" / "ab" / ("0" * 62 + ".json"),
               tmp_path / "c" / LAYOUT / ("0" * 32 + ".index.bak")]
    for path in [*foreign, old]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep me", encoding="utf-8")
        os.utime(path, (0, 0))  # the oldest files there are
    assert cache.prune() == 4  # the old entry, and the pack's index, data and lock
    assert all(p.exists() for p in foreign) and not old.exists()


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    cache = _cache(folder)
    (folder / LAYOUT).rmdir()
    (folder / LAYOUT).write_text("a file where the packs' folder should be", encoding="utf-8")
    a = _profile(tmp_path, "a.yaml", "one")
    assert run(cache, [a])[0][4] == "one" and run(cache, [a])[0][4] == "one"


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


def test_a_cache_folder_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "your-project"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    with pytest.raises(OSError):
        prepare(tmp_path / "link")
    assert list(target.iterdir()) == []  # no .gitignore of `*` written into it


def test_a_data_file_swapped_for_a_link_is_never_written_through(tmp_path: Path) -> None:
    """A data file replaced by a link to a file of yours: kasales must not append its records there."""
    cache = _cache(tmp_path / "c")
    a = _profile(tmp_path, "a.yaml", "one")
    run(cache, [a])
    [data] = (tmp_path / "c" / LAYOUT).glob("*.data")
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n", encoding="utf-8")
    data.unlink()
    data.symlink_to(victim)
    computed: list[str] = []
    b = _profile(tmp_path, "b.yaml", "two")
    assert [o[4] for o in run(cache, [a, b], computed)] == ["one", "two"]
    assert computed == ["a.yaml", "b.yaml"]  # nothing read through the link either
    assert victim.read_text("utf-8") == "mine\n"
    assert [o[4] for o in run(cache, [a, b], computed)] == ["one", "two"] and len(computed) == 2  # a new pack


def test_a_lock_swapped_for_a_link_creates_nothing_at_its_target(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "c")
    run(cache, [_profile(tmp_path, "a.yaml", "one")])
    lock = tmp_path / "c" / LAYOUT / f"{cache.name}.lock"
    lock.unlink()
    victim = tmp_path / "victim.txt"
    lock.symlink_to(victim)
    assert run(cache, [_profile(tmp_path, "b.yaml", "two")])[0][4] == "two"
    assert not victim.exists()


def test_a_packs_folder_that_is_a_link_or_writable_by_others_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / LAYOUT).symlink_to(elsewhere)
    with pytest.raises(OSError):
        prepare(folder)
    assert list(elsewhere.iterdir()) == []
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(OSError):
        prepare(shared)


def test_a_folder_kasales_makes_is_its_own_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o002)  # Debian's user-private groups: the group may write new folders
    try:
        prepare(tmp_path / "c")
        prepare(tmp_path / "c")  # and accepted the next time
    finally:
        os.umask(old)
    assert (tmp_path / "c" / LAYOUT).stat().st_mode & 0o022 == 0


def test_entries_of_files_gone_are_dropped_and_their_records_reclaimed(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Files scored once and deleted (a temporary copy): their entries must not fill the pack for ever."""
    monkeypatch.chdir(tmp_path)  # the index names files as the run did, relative to its folder
    limit = 40_000
    kept = _profile(tmp_path, "kept.yaml", "k" * 1000)
    for i in range(15):
        temp = f"tmp{i}.yaml"
        Path(temp).write_text(f"{i}" * 1000, encoding="utf-8")
        run(_cache(tmp_path / "c", limit=limit), [temp, kept])
        os.unlink(temp)
    [index] = (tmp_path / "c" / LAYOUT).glob("*.index")
    assert set(json.loads(index.read_bytes().partition(b"\n")[2])) == {kept, "tmp14.yaml"}
    new = [_profile(tmp_path, f"new{i}.yaml", f"new {i} " * 150) for i in range(3)]
    for _ in range(2):
        run(_cache(tmp_path / "c", limit=limit), new)
    computed: list[str] = []
    run(_cache(tmp_path / "c", limit=limit), [*new, kept], computed)
    assert computed == []  # every file that exists is served, the gone ones' room reclaimed


def test_a_full_pack_of_gone_files_makes_room_for_new_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    limit = 20_000
    for i in range(20):  # fill the pack up to its bound, then all of them go
        _profile(tmp_path, f"old{i}.yaml", f"{i}" * 1000)
    old = [f"old{i}.yaml" for i in range(20)]
    run(_cache(tmp_path / "c", limit=limit), old)
    for name in old:
        os.unlink(name)
    new = _profile(tmp_path, "new.yaml", "n" * 1000)
    run(_cache(tmp_path / "c", limit=limit), [new])  # refused at the bound: the pack is compacted instead
    run(_cache(tmp_path / "c", limit=limit), [new])
    computed: list[str] = []
    run(_cache(tmp_path / "c", limit=limit), [new], computed)
    assert computed == []


def test_a_run_over_a_sub_folder_keeps_entries_of_files_outside_it(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    outside, inside = _profile(tmp_path, "out.yaml", "o"), _profile(tmp_path, "sub/in.yaml", "i")
    run(_cache(tmp_path / "c"), [outside])
    run(_cache(tmp_path / "c"), [inside])
    computed: list[str] = []
    run(_cache(tmp_path / "c"), [outside, inside], computed)
    assert computed == []


def test_the_library_versions_are_in_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """ruamel.yaml and pydantic word a rejected file's problems, and place them: another version, another pack."""
    import ruamel.yaml

    before = cachemod.library_versions()
    monkeypatch.setattr(ruamel.yaml, "__version__", "0.0.1", raising=False)
    assert cachemod.library_versions() != before and "ruamel.yaml 0.0.1" in cachemod.library_versions()


def test_rich_is_keyed_by_its_files_without_being_imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """rich has no __version__: an upgrade (its files rewritten) must still change the key."""
    import sys

    fake = tmp_path / "rich" / "__init__.py"
    fake.parent.mkdir()
    fake.write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "rich", raising=False)
    before = cachemod.library_versions()
    fake.write_text("# upgraded\n", encoding="utf-8")
    assert cachemod.library_versions() != before and "rich" not in sys.modules
