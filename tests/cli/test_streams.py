"""Odd file names and odd standard streams: non-UTF-8 names, an ASCII stdout, closed stdout, closed or full stderr.

Each runs the real program in a subprocess, since the streams are what is under test. None may end in
exit 3 (a bug) or change the exit code of a clean run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROFILES

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names and descriptors")
BAD_NAME = b"acme-\xff\xfe.yaml"  # not UTF-8: Python carries the bytes as lone surrogates


def _run(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, "KASALES_LANG": "en", "KASALES_JOBS": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "kasales", *args], env=full, timeout=120, check=False,
                          **kwargs)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def odd_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo profile under a name that is not UTF-8, one under a plain name, and an invalid one (not UTF-8 too)."""
    folder = tmp_path_factory.mktemp("odd")
    shutil.copy(PROFILES / "huadong-metro.yaml", os.fsdecode(os.fsencode(folder) + b"/" + BAD_NAME))
    shutil.copy(PROFILES / "beifang-steel.yaml", folder / "beifang-steel.yaml")
    bad = os.fsencode(folder) + b"/broken-\xe9.yaml"
    Path(os.fsdecode(bad)).write_text("account: {name: [\n", encoding="utf-8")
    return folder


FORMATS = [["qualify", "{d}"], ["qualify", "{d}", "--details"], ["qualify", "{d}", "-f", "json"],
           ["qualify", "{d}", "-f", "csv"], ["qualify", "{d}", "-f", "markdown"], ["qualify", "{d}", "-f", "github"],
           ["validate", "{d}"], ["validate", "{d}", "-f", "json"], ["validate", "{d}", "-f", "github"],
           ["checklist", "{d}"], ["checklist", "{d}", "-f", "json"], ["checklist", "{d}", "-f", "markdown"],
           ["report", "{d}"]]


@posix_only
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
@pytest.mark.parametrize("args", FORMATS, ids=lambda a: " ".join(a[2:]) or a[0])
def test_non_utf8_names_and_an_ascii_stdout_never_crash(odd_folder: Path, args: list[str], encoding: str) -> None:
    done = _run(*(a.format(d=odd_folder) for a in args), "--lang", "zh" if encoding == "ascii" else "en",
                env={"PYTHONIOENCODING": encoding}, capture_output=True)
    assert done.returncode == 2, done.stderr  # the broken file; never 3
    assert b"internal error" not in done.stderr
    done.stdout.decode(encoding)  # all of it in the stream's encoding (escapes where it could not be)
    if "json" in args:
        doc = json.loads(done.stdout)  # complete, valid JSON: no partial document
        assert doc
    else:
        assert b"broken-\\xe9.yaml:2:1: " in done.stdout + done.stderr  # the bad byte shown, visibly
    if args[0] == "qualify" and ("csv" in args or "github" in args):
        assert b"acme-\\xff\\xfe.yaml" in done.stdout


@posix_only
@pytest.mark.parametrize("args", [["report", "{d}", "--html", "{o}/r.html"], ["qualify", "{d}", "-f", "json", "-o",
                                                                               "{o}/r.json"],
                                  ["qualify", "{d}", "-f", "markdown", "-o", "{o}/r.md"]])
def test_non_utf8_names_in_output_files(odd_folder: Path, tmp_path: Path, args: list[str]) -> None:
    done = _run(*(a.format(d=odd_folder, o=tmp_path) for a in args), capture_output=True)
    assert done.returncode == 2, done.stderr
    written = next(tmp_path.iterdir()).read_bytes()
    written.decode("utf-8")  # a valid UTF-8 file
    if "json" in args:
        assert any(r["file"].endswith("acme-\udcff\udcfe.yaml") for r in json.loads(written)["results"])


@posix_only
def test_closed_stdout_is_exit_2_with_a_reason(tmp_path: Path) -> None:
    done = _run("qualify", str(PROFILES), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    assert done.stderr.decode().splitlines()[-1] == "kasales: cannot write to stdout: Bad file descriptor"
    # with -o the payload needs no stdout: a clean run
    out = tmp_path / "r.csv"
    ok = _run("qualify", str(PROFILES), "-f", "csv", "-o", str(out), stdout=subprocess.DEVNULL,
              stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    assert ok.returncode == 0, ok.stderr
    assert out.read_text(encoding="utf-8").startswith("\ufefffile,id")


def _exit_codes(stderr_setup: str) -> list[int]:
    """Exit codes of a clean run, a tripped gate and an invalid file with stderr closed or full."""
    codes = []
    for args in (["qualify", str(PROFILES)], ["qualify", str(PROFILES), "--fail-on", "disqualify"],
                 ["qualify", str(PROFILES), "/nonexistent.yaml"]):
        if stderr_setup == "closed":
            done = _run(*args, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(2))
        else:
            with open("/dev/full", "w") as full:
                done = _run(*args, stdout=subprocess.DEVNULL, stderr=full)
        codes.append(done.returncode)
    return codes


@posix_only
def test_closed_stderr_keeps_every_exit_code() -> None:
    assert _exit_codes("closed") == [0, 1, 2]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_stderr_keeps_every_exit_code() -> None:
    assert _exit_codes("full") == [0, 1, 2]


@posix_only
def test_json_on_an_ascii_stdout_stays_valid_for_latin_1_and_astral_characters(tmp_path: Path) -> None:
    # backslashreplace would write "\xe9" and "\xb7" (the "·" of "score 95.0 · low risk"): not JSON escapes
    (tmp_path / "cafe.yaml").write_text('account: {id: cafe, name: "Café 😀"}\n', encoding="utf-8")
    done = _run("qualify", str(tmp_path / "cafe.yaml"), "-f", "json", env={"PYTHONIOENCODING": "ascii"},
                capture_output=True)
    record = json.loads(done.stdout.decode("ascii"))["results"][0]
    assert record["account"]["name"] == "Café 😀"
    assert record["risk"]["summary"] == "no score yet · risk unassessed · 5 to assess"
