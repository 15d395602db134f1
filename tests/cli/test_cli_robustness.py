"""The CLI at its edges: empty paths, empty folders, a closed or full stdout, validate's formats, status lines."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES

from kasales.cli.app import app, main
from kasales.render.github import annotation

GOOD = ("account: {id: good, name: Good Co}\nstage: approach\n"
        "man: {money: 'yes', authority: 'yes', need: 'yes'}\n"
        "evaluation: {need_degree: 4, need_volume: 4, purchasing_power: 4, decision_authority: 4, credit: 4}\n")
OTHER = GOOD.replace("id: good, name: Good Co", "id: other, name: Other Co")
INVALID = "account: {id: broken}\nevaluation:\n  credit: 9\n"  # line 3, column 11: the 9
INVALID_MESSAGE = "score must be an integer from 1 to 5 (found 9)"
FOLDER_COMMANDS = ("qualify", "validate", "checklist", "report")


def _run(runner: Any, *args: str, lang: str = "en") -> Any:
    return runner.invoke(app, list(args), env={"KASALES_LANG": lang, "NO_COLOR": "1", "KASALES_JOBS": "1"})


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "accounts"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


# --- an empty path is a usage error, never "the current folder" ---------------------------------------------
@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_empty_path_is_a_usage_error(runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     command: str) -> None:
    monkeypatch.chdir(tmp_path)  # were "" read as ".", this folder's profile would be scored
    (tmp_path / "here.yaml").write_text(GOOD, encoding="utf-8")
    result = _run(runner, command, "")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "empty path" in result.stderr
    assert "here.yaml" not in result.stderr and "files" not in result.stderr  # nothing was scanned


def test_empty_path_among_others_is_still_refused(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD)
    result = _run(runner, "qualify", str(folder), "")
    assert result.exit_code == 2 and result.stdout == "" and "empty path" in result.stderr


def test_dot_still_means_the_current_folder(runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_folder(tmp_path, good=GOOD, other=OTHER))
    result = _run(runner, "validate", ".")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "kasales: 2 files, 2 valid, 0 invalid"


@pytest.mark.parametrize("args", [
    ("init", ""),
    ("qualify", str(PROFILES / "huadong-metro.yaml"), "-o", ""),
    ("schema", "--output", ""),
    ("report", str(PROFILES), "--html", ""),
])
def test_empty_file_name_is_a_usage_error(runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          args: tuple[str, ...]) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run(runner, *args)
    assert result.exit_code == 2
    assert "empty file name" in result.stderr
    assert "directory" not in result.stderr and "is a folder" not in result.stderr  # the old, puzzling messages
    assert list(tmp_path.iterdir()) == []


def test_empty_rubric_is_a_usage_error(runner: Any) -> None:
    result = _run(runner, "qualify", str(PROFILES / "huadong-metro.yaml"), "--rubric", "")
    assert result.exit_code == 2 and result.stdout == "" and "empty file name" in result.stderr


@pytest.mark.parametrize("args", [("init", "{dir}"), ("rubric", "--rubric", "{dir}")])
def test_a_folder_where_a_file_belongs_is_still_refused(runner: Any, tmp_path: Path, args: tuple[str, ...]) -> None:
    result = _run(runner, *(a.format(dir=tmp_path) for a in args))
    assert result.exit_code == 2
    assert f"{tmp_path}: is a folder, not a file" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [("init", "{name}"), ("schema", "-o", "{name}"),
                                  ("qualify", str(PROFILES / "huadong-metro.yaml"), "-o", "{name}")])
def test_a_file_name_ending_in_a_separator_is_refused(runner: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> None:
    # Path("newdir/") drops the slash: `init newdir/` used to write a FILE named newdir and say "wrote newdir"
    monkeypatch.chdir(tmp_path)
    name = "newdir" + os.sep
    result = _run(runner, *(a.format(name=name) for a in args))
    assert result.exit_code == 2
    assert f"{name}: names a folder (it ends with '{os.sep}'); give a file name" in result.stderr
    assert "wrote" not in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- no profile at all is exit 2: a CI job pointed at the wrong folder must not pass ------------------------
@pytest.mark.parametrize("command", FOLDER_COMMANDS)
@pytest.mark.parametrize("content", ["nothing", "no yaml"])
def test_no_profiles_found_is_exit_2(runner: Any, tmp_path: Path, command: str, content: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    if content == "no yaml":
        (empty / "notes.txt").write_text("not a profile", encoding="utf-8")
        (empty / "sub").mkdir()
    result = _run(runner, command, str(empty))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"kasales: no profiles found under {empty} (a profile is a .yaml or .yml file)\n"


@pytest.mark.parametrize("fmt", ["json", "csv", "github"])
def test_no_profiles_found_prints_no_payload_in_any_format(runner: Any, tmp_path: Path, fmt: str) -> None:
    result = _run(runner, "qualify", str(tmp_path), "--format", fmt)  # json streams: checked before writing
    assert (result.exit_code, result.stdout) == (2, "")
    assert "no profiles found" in result.stderr


def test_no_profiles_found_in_chinese_names_every_path(runner: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    result = _run(runner, "validate", str(first), str(second), lang="zh")
    assert result.exit_code == 2
    assert result.stderr == f"kasales: 在 {first}, {second} 下没有找到客户档案 (客户档案是 .yaml 或 .yml 文件)\n"


def test_report_writes_no_empty_dashboard(runner: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "portfolio.html"
    result = _run(runner, "report", str(empty), "--html", str(out))
    assert result.exit_code == 2 and "no profiles found" in result.stderr
    assert not out.exists()


def test_checklist_without_profiles_still_prints_the_bare_stage(runner: Any) -> None:
    result = _run(runner, "checklist", "--stage", "approach", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["stage"] == "approach"


def test_a_folder_of_only_invalid_files_is_exit_2_with_its_problems(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, broken=INVALID)
    result = _run(runner, "qualify", str(folder), "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["errors"][0]["message"] == INVALID_MESSAGE  # files were found: a document
    assert "no profiles found" not in result.stderr


# --- stdout that goes away (`| head`) or fills up (/dev/full) -------------------------------------------------
def _kasales(*args: str, stdout: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KASALES_LANG": "en", "KASALES_JOBS": "1"}
    return subprocess.run([sys.executable, "-m", "kasales", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, env=env, timeout=120, check=False)


def _closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    """Run kasales with stdout a pipe whose reader is already gone: every write is a broken pipe."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return _kasales(*args, stdout=write_end)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [
    ("qualify", str(PROFILES), "--format", "json"),  # streamed record by record
    ("qualify", str(PROFILES)),
    ("validate", "{folder}"),  # its problems are the payload, on stdout
    ("report", str(PROFILES)),
    ("--help",),
])
def test_closed_pipe_is_a_quiet_exit_141(tmp_path: Path, args: tuple[str, ...]) -> None:
    folder = _folder(tmp_path, broken=INVALID)
    done = _closed_pipe(*(a.format(folder=folder) for a in args))
    assert done.returncode == 141  # 128 + SIGPIPE: not 1, the code of a failed gate
    assert done.stderr == ""  # no "Exception ignored ... BrokenPipeError", no traceback, no summary


full_device = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


@full_device
@pytest.mark.parametrize(("lang", "line"), [
    ("en", "kasales: cannot write to stdout: No space left on device"),
    ("zh", "kasales: 无法写入标准输出: 设备上没有剩余空间"),  # one language: the reason is worded by errno
])
def test_full_stdout_is_exit_2_with_one_line(lang: str, line: str) -> None:
    with open("/dev/full", "w") as full:
        done = _kasales("qualify", str(PROFILES), "--format", "json", "--lang", lang, stdout=full)
    assert done.returncode == 2  # not 3: a full disk is no bug in kasales
    assert done.stderr == line + "\n"


@full_device
def test_full_stdout_is_caught_even_for_version() -> None:
    with open("/dev/full", "w") as full:
        done = _kasales("--version", stdout=full)  # the text sits in the buffer until the final flush
    assert done.returncode == 2
    assert done.stderr == "kasales: cannot write to stdout: No space left on device\n"


@full_device
def test_nothing_to_print_does_not_touch_a_full_stdout() -> None:
    with open("/dev/full", "w") as full:
        done = _kasales("validate", str(PROFILES / "huadong-metro.yaml"), stdout=full)
    assert done.returncode == 0
    assert done.stderr == "kasales: 1 file, 1 valid, 0 invalid\n"


class _Failing(io.StringIO):
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


def _main(monkeypatch: pytest.MonkeyPatch, stdout: io.StringIO, *argv: str) -> int:
    monkeypatch.setattr(sys, "argv", ["kasales", *argv])
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setenv("KASALES_LANG", "en")
    with pytest.raises(SystemExit) as stopped:
        main()
    return stopped.value.code  # type: ignore[return-value]


def test_main_maps_stdout_errors_and_restores_stdout(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    metro = str(PROFILES / "huadong-metro.yaml")
    broken = _Failing(BrokenPipeError(32, "Broken pipe"))
    assert _main(monkeypatch, broken, "qualify", metro) == 141
    assert sys.stdout is broken  # main() put its guard away again
    assert capsys.readouterr().err == ""
    assert _main(monkeypatch, _Failing(OSError(5, "Input/output error")), "qualify", metro, "--lang", "zh") == 2
    assert capsys.readouterr().err == "kasales: 无法写入标准输出: 输入/输出错误\n"  # the reason worded by errno


def test_an_oserror_elsewhere_is_still_a_bug(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import kasales.io.batch

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(kasales.io.batch, "qualify", broken)
    assert _main(monkeypatch, io.StringIO(), "qualify", str(PROFILES / "huadong-metro.yaml")) == 3
    assert "internal error: OSError" in capsys.readouterr().err


# --- validate --format ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_validate_refuses_formats_it_cannot_honour(runner: Any, fmt: str) -> None:
    result = _run(runner, "validate", str(PROFILES), "--format", fmt)
    assert result.exit_code == 2 and result.stdout == ""
    assert "table" in result.stderr and "github" in result.stderr  # the choices it does have


def test_validate_table_prints_problems_on_stdout_only(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD, broken=INVALID)
    result = _run(runner, "validate", str(folder))
    assert result.exit_code == 2
    assert result.stdout == f"{folder / 'broken.yaml'}:3:11: {INVALID_MESSAGE}\n"
    assert result.stderr == "kasales: 2 files, 1 valid, 1 invalid\n"


def test_validate_github_gives_annotations_then_lines(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD, broken=INVALID, other=OTHER.replace("other", "good"))
    broken, dup = folder / "broken.yaml", folder / "other.yaml"
    result = _run(runner, "validate", str(folder), "--format", "github")
    assert result.exit_code == 2
    dup_message = f"duplicate account id 'good': also used by {folder / 'good.yaml'}"
    assert result.stdout.splitlines() == [
        annotation("error", str(broken), INVALID_MESSAGE, 3, 11, "kasales: invalid profile"),
        annotation("error", str(dup), dup_message, 1, 15, "kasales: invalid profile"),
        f"{broken}:3:11: {INVALID_MESSAGE}",
        f"{dup}:1:15: {dup_message}",
    ]
    assert result.stderr == "kasales: 3 files, 1 valid, 2 invalid\n"


def test_validate_github_of_valid_files_prints_nothing(runner: Any, tmp_path: Path) -> None:
    result = _run(runner, "validate", str(_folder(tmp_path, good=GOOD)), "-f", "github")
    assert (result.exit_code, result.stdout) == (0, "")


def test_validate_json_has_the_document_on_stdout_and_lines_on_stderr(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD, broken=INVALID)
    result = _run(runner, "validate", str(folder), "--format", "json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["valid"] == [str(folder / "good.yaml")]
    assert doc["summary"] == {"files": 2, "valid": 1, "invalid": 1}
    assert result.stderr.splitlines() == [f"{folder / 'broken.yaml'}:3:11: {INVALID_MESSAGE}",
                                          "kasales: 2 files, 1 valid, 1 invalid"]


# --- status lines: every command ends with one, in the user's language ---------------------------------------
def test_terminal_report_ends_with_a_summary_line(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, good=GOOD, other=OTHER, broken=INVALID)
    result = _run(runner, "report", str(folder))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "kasales: 3 files, 2 scored, 1 rejected"
    assert "kasales:" not in result.stdout


@pytest.mark.parametrize(("args", "line"), [
    (("qualify", "{folder}"), "kasales: 共 3 个文件, 已评分 2 个, 拒绝 1 个"),
    (("qualify", "{folder}", "--fail-on", "pursue"), "kasales: 共 3 个文件, 已评分 2 个, 拒绝 1 个, 2 个未通过门槛"),
    (("validate", "{folder}"), "kasales: 3 个文件, 2 个有效, 1 个无效"),
    (("report", "{folder}"), "kasales: 共 3 个文件, 已评分 2 个, 拒绝 1 个"),
    (("checklist", "{folder}"), "kasales: 共 3 个文件, 已检查 2 个, 达标 0 个, 无效 1 个"),
])
def test_summary_lines_in_chinese(runner: Any, tmp_path: Path, args: tuple[str, ...], line: str) -> None:
    folder = _folder(tmp_path, good=GOOD, other=OTHER, broken=INVALID)
    result = _run(runner, *(a.format(folder=folder) for a in args), lang="zh")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == line
    if "--fail-on" in args:
        assert f"{folder / 'good.yaml'}: 未通过门槛: 结论为 pursue (--fail-on pursue)" in result.stderr.splitlines()


def test_cannot_write_output_in_chinese(runner: Any, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    target = tmp_path / "file" / "out.json"  # a file where a folder should be: nothing can be created there
    result = _run(runner, "schema", "-o", str(target), lang="zh")
    assert result.exit_code == 2
    assert result.stderr == f"{target}: 路径中有一部分不是目录\n"
    made = tmp_path / "missing" / "out.json"  # a missing folder is made
    assert _run(runner, "schema", "-o", str(made), lang="zh").exit_code == 0 and made.is_file()


def test_init_says_where_it_wrote(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "acct.yaml"
    assert _run(runner, "init", str(target), lang="zh").stderr == f"kasales: 已写入 {target}\n"
    assert _run(runner, "validate", str(target)).exit_code == 0


# --- checklist loads profiles the way qualify does -------------------------------------------------------------
def test_checklist_rejects_a_duplicate_account_id_like_qualify(runner: Any, tmp_path: Path) -> None:
    folder = _folder(tmp_path, a_first=GOOD, b_again=GOOD.replace("Good Co", "Copy Co"))
    again = folder / "b_again.yaml"
    checked = _run(runner, "checklist", str(folder), "--format", "json")
    scored = _run(runner, "qualify", str(folder), "--format", "json")
    assert checked.exit_code == scored.exit_code == 2
    assert [a["file"] for a in json.loads(checked.stdout)] == [str(folder / "a_first.yaml")]
    line = f"{again}:1:15: duplicate account id 'good': also used by {folder / 'a_first.yaml'}"
    assert line in checked.stderr.splitlines() and line in scored.stderr.splitlines()
    assert checked.stderr.splitlines()[-1] == "kasales: 2 files, 1 checked, 0 meet the gate, 1 rejected"
