"""Output targets that are not plain new files: devices, pipes, links, sockets, races, and SIGTERM mid-write."""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES

from kasales.core.errors import KasalesError
from kasales.io.writes import check_target, write_atomic

METRO = str(PROFILES / "huadong-metro.yaml")
OLD = "what the user had\n"


def _qualify(runner: Any, *args: str) -> Any:
    from kasales.cli.app import app

    return runner.invoke(app, ["qualify", METRO, "--format", "json", "--lang", "en", *args])


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_character_device_is_written_through_never_replaced(runner: Any, tmp_path: Path) -> None:
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null
    for extra in ([], ["--force"]):
        result = _qualify(runner, "-o", str(device), *extra)
        assert result.exit_code == 0, result.stderr
        assert stat.S_ISCHR(os.lstat(device).st_mode)  # still the device, not a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temp file either


def test_dev_null_is_a_stream_target_without_force() -> None:
    assert check_target("/dev/null").kind == "stream"


def test_a_named_pipe_gets_the_payload_and_stays_a_pipe(runner: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader)
    thread.start()
    time.sleep(0.2)  # the reader has the pipe open
    result = _qualify(runner, "-o", str(fifo), "--force")
    thread.join(10)
    assert result.exit_code == 0, result.stderr
    assert b'"huadong-metro"' in received[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_named_pipe_nobody_reads_is_an_error_not_a_hang(runner: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = _qualify(runner, "-o", str(fifo))
    assert result.exit_code == 2
    assert f"{fifo}: is a named pipe that nobody reads; nothing was written" in result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_link_is_followed_and_needs_force_and_stays_a_link(runner: Any, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    refused = _qualify(runner, "-o", str(link))
    assert refused.exit_code == 2 and "already exists" in refused.stderr
    assert real.read_text(encoding="utf-8") == OLD
    forced = _qualify(runner, "-o", str(link), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert '"huadong-metro"' in real.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


@pytest.mark.parametrize("extra", [[], ["--force"]])
def test_a_dangling_link_is_refused_with_or_without_force(runner: Any, tmp_path: Path, extra: list[str]) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "elsewhere" / "planted.json")
    (tmp_path / "elsewhere").mkdir()
    result = _qualify(runner, "-o", str(link), *extra)
    assert result.exit_code == 2
    assert f"{link}: is a symbolic link to nothing; refusing to create a file where it points" in result.stderr
    assert not (tmp_path / "elsewhere" / "planted.json").exists()


def test_a_socket_is_refused_even_with_force(runner: Any, tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = _qualify(runner, "-o", str(path), "--force")
    assert result.exit_code == 2
    assert "is not a regular file" in result.stderr


def test_init_and_schema_and_report_follow_the_same_rule(runner: Any, tmp_path: Path) -> None:
    from kasales.cli.app import app

    link = tmp_path / "dangling"
    link.symlink_to(tmp_path / "nowhere")
    for args in (["init", str(link)], ["schema", "-o", str(link), "--force"],
                 ["report", METRO, "--html", str(link), "--force"],
                 ["checklist", "--stage", "prospect", "-o", str(link)]):
        result = runner.invoke(app, [*args, "--lang", "en"])
        assert result.exit_code == 2, args
        assert "symbolic link to nothing" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def _race(path: str, start: Any, index: int, wins: Any) -> None:
    start.wait()
    try:
        write_atomic(path, f"writer {index}\n")
    except KasalesError:
        return
    wins.put(index)


def test_writers_racing_for_one_new_name_one_wins_the_rest_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    ctx = multiprocessing.get_context("fork")
    start, wins = ctx.Barrier(6), ctx.Queue()
    workers = [ctx.Process(target=_race, args=(str(target), start, i, wins)) for i in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    winners = []
    while not wins.empty():
        winners.append(wins.get())
    assert len(winners) == 1
    assert target.read_text(encoding="utf-8") == f"writer {winners[0]}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_an_existing_output_is_refused_before_any_file_is_scored(runner: Any, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import kasales.io.batch as batch

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("scored before checking the output")

    monkeypatch.setattr(batch, "run_batch", never)
    monkeypatch.setattr(batch, "stream_batch", never)
    existing = tmp_path / "out.csv"
    existing.write_text(OLD, encoding="utf-8")
    from kasales.cli.app import app

    for args in (["qualify", str(PROFILES), "-f", "csv", "-o", str(existing)],
                 ["report", str(PROFILES), "--html", str(existing)]):
        result = runner.invoke(app, [*args, "--lang", "en"])
        assert result.exit_code == 2, result.stderr
        assert "already exists" in result.stderr


_SLOW_WRITE = textwrap.dedent("""
    import os, signal, sys, time
    import kasales.cli.app as app
    import kasales.io.writes as writes
    signal.signal(signal.SIGTERM, app._terminated)
    def slow_fsync(fd):
        sys.stdout.write("writing\\n"); sys.stdout.flush(); time.sleep(60)
    writes.os.fsync = slow_fsync
    writes.write_atomic(sys.argv[1], "x" * 100000)
""")


def test_sigterm_mid_write_leaves_no_temp_file_and_exits_143(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    child = subprocess.Popen([sys.executable, "-c", _SLOW_WRITE, str(target)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline() == "writing\n"
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())  # caught mid-write
    child.send_signal(signal.SIGTERM)
    assert child.wait(30) == 143
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev/stdout is a link to /proc/self/fd/1")
@pytest.mark.parametrize("into", ["pipe", "file", "appended file"])
def test_dev_stdout_is_written_through_whatever_stdout_is(tmp_path: Path, into: str) -> None:
    args = [sys.executable, "-m", "kasales", "qualify", METRO, "-f", "csv", "-o", "/dev/stdout"]
    env = {**os.environ, "KASALES_LANG": "en"}
    if into == "pipe":
        done = subprocess.run(args, capture_output=True, env=env, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(b"\xef\xbb\xbffile,id,")
        return
    out = tmp_path / "out.csv"
    out.write_text("kept\n" if into == "appended file" else "", encoding="utf-8")
    inode = out.stat().st_ino
    with open(out, "a" if into == "appended file" else "w") as handle:
        done = subprocess.run(args, stdout=handle, stderr=subprocess.PIPE, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr  # no --force needed: it is the stream, not a file to replace
    assert out.stat().st_ino == inode  # written through the shell's descriptor, not replaced
    text = out.read_text(encoding="utf-8")
    assert text.startswith("kept\n\ufefffile,id," if into == "appended file" else "\ufefffile,id,")
