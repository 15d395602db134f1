"""Unix manners and help that teaches: stdin, -h, -q/-v, --color, --debug, parent folders, one language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import PROFILES
from gitrepo import profile, write
from typer.testing import CliRunner

from kasales.cli.app import COMMANDS, app
from kasales.text import help as help_words

METRO = PROFILES / "huadong-metro.yaml"


def kasales(*args: str, stdin: str | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real entry point, with a plain English environment unless ``env`` says otherwise."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("KASALES_LANG", "KASALES_FORMAT", "GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")}
    return subprocess.run([sys.executable, "-m", "kasales", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, env={**base, "LANG": "C.UTF-8", **(env or {})}, timeout=120, check=False)


def test_a_profile_on_stdin(tmp_path: Path) -> None:
    text = METRO.read_text(encoding="utf-8")
    done = kasales("qualify", "-", "-f", "json", stdin=text, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"file": "<stdin>"' in done.stdout and "华东地铁集团" in done.stdout
    named = kasales("validate", "-", "--stdin-filename", "accounts/x.yaml", stdin="account: {id: x}\nstage: no\n",
                    cwd=tmp_path)
    assert named.returncode == 2 and "accounts/x.yaml:2:8: " in named.stdout
    checklist = kasales("checklist", "-", stdin=text, cwd=tmp_path)
    assert checklist.returncode == 0 and "华东地铁集团" in checklist.stdout


def test_init_dash_prints_the_template(tmp_path: Path) -> None:
    done = kasales("init", "-", "--name", "ACME", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "id: new-account" in done.stdout and "ACME" in done.stdout
    assert list(tmp_path.iterdir()) == []  # no file named `-`


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_dash_h_shows_help_with_examples(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [*([command] if command else []), "-h"])
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.output
    assert "{PATH}" not in result.output and "<list[" not in result.output and "…" not in result.output


def test_the_command_list_shows_whole_summaries(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    for summary in help_words.SUMMARY.values():
        assert " ".join(summary["en"].split()) in " ".join(result.output.split())


def test_help_in_chinese_is_chinese_throughout(runner: CliRunner) -> None:
    result = runner.invoke(app, ["qualify", "-h", "--lang", "zh"])
    assert result.exit_code == 0
    assert "用法: kasales qualify [选项] PATH..." in result.output and "示例:" in result.output
    assert "Exit 1 when" not in result.output and "Show this message" not in result.output
    root = runner.invoke(app, ["--lang", "zh", "-h"])
    assert "命令:" in root.output and "为客户评分" in root.output


def test_every_option_has_chinese_help() -> None:
    # the test that keeps `--help --lang zh` in one language when an option is added
    group = typer.main.get_command(app)
    missing = []
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        for param in command.params:
            text = getattr(param, "help", None)
            if text and text not in help_words.OPTION_ZH:
                missing.append((command.name, text))
        if command is not group:
            assert command.name in help_words.SUMMARY and command.name in help_words.DESCRIPTION_ZH
            assert help_words.EXAMPLES.get(command.name), command.name
    assert missing == []


@pytest.mark.parametrize(("args", "expected"), [
    (["qualify", "--nope", "x"], "kasales: 没有这个选项: --nope"),
    (["qualify"], "kasales: 缺少参数 'PATH'"),
    (["qualify", "--min-score", "abc", "x"], "kasales: '--min-score' 的值无效: 不是数字"),
    (["qualify", "-f", "jsn", "x"], "未知的格式 'jsn' (是否想写 'json'?)"),
    (["qualify", "--format"], "kasales: 选项 '--format' 需要一个值"),
    (["qulify"], "kasales: 没有这个命令 'qulify' (是否想写 'qualify'?)"),
    (["schema", "extra"], "kasales: 多余的参数: extra"),
])
def test_usage_errors_are_chinese_under_lang_zh(args: list[str], expected: str) -> None:
    for env, extra in (({}, ["--lang", "zh"]), ({"KASALES_LANG": "zh"}, [])):
        done = kasales(args[0], *extra, *args[1:], env=env)
        assert done.returncode == 2
        assert expected in done.stderr, done.stderr
        assert "用法: kasales" in done.stderr and "Error" not in done.stderr and "Usage" not in done.stderr


def test_usage_errors_in_english_start_with_kasales() -> None:
    done = kasales("qualify", "-f", "JSN", "x")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == ("kasales: invalid value for '--format' / '-f': unknown format 'JSN' "
                                            "(did you mean 'json'?); choose from auto, table, json, csv, markdown, "
                                            "github, concise")
    bad_lang = kasales("qualify", "--lang", "fr", "x")
    assert "kasales: invalid value for '--lang': 'fr' is not one of en, zh" in bad_lang.stderr
    assert "Value error" not in bad_lang.stderr


def test_quiet_keeps_the_payload_and_errors_verbose_says_more(tmp_path: Path) -> None:
    write(tmp_path, "a/p.yaml", profile("metro", "Metro Group"))
    write(tmp_path, "a/bad.yaml", "account: {id: x}\nstage: nowhere\n")
    write(tmp_path, ".kasales.yaml", "exclude: [skip.yaml]\n")
    write(tmp_path, "a/skip.yaml", "nothing: here\n")
    quiet = kasales("qualify", "a", "-q", "-f", "csv", cwd=tmp_path)
    assert quiet.returncode == 2 and "metro" in quiet.stdout
    assert "a/bad.yaml:2:8" in quiet.stderr and "files" not in quiet.stderr
    verbose = kasales("qualify", "a", "-v", cwd=tmp_path)
    assert f"configuration: {tmp_path / '.kasales.yaml'}" in verbose.stderr
    assert "1 left out by the configuration or .gitignore: a/skip.yaml" in verbose.stderr


def test_color_flag_and_environment(tmp_path: Path) -> None:
    def colored(*args: str, env: dict[str, str] | None = None) -> bool:
        return "\x1b[" in kasales("qualify", str(METRO), *args, env=env).stdout

    assert not colored()  # a pipe
    assert colored("--color", "always")
    assert colored(env={"FORCE_COLOR": "1"})
    assert not colored(env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not colored("--color", "never", env={"FORCE_COLOR": "1"})
    assert colored("--color", "ALWAYS", env={"NO_COLOR": "1"})


def test_debug_prints_the_traceback_of_a_bug(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import kasales.cli.settings as settings

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(settings, "load_rubric", boom)  # commands import it when they run
    plain = runner.invoke(app, ["qualify", str(METRO), "-f", "csv"])
    assert isinstance(plain.exception, RuntimeError) and "Traceback" not in plain.stderr
    debug = runner.invoke(app, ["qualify", str(METRO), "-f", "csv", "--debug"])
    assert "Traceback (most recent call last)" in debug.stderr and "engine exploded" in debug.stderr


def test_outputs_create_missing_folders_and_errors_stay_in_one_language(tmp_path: Path) -> None:
    schema = kasales("schema", "-o", "schema/profile.schema.json", cwd=tmp_path)
    assert schema.returncode == 0 and (tmp_path / "schema/profile.schema.json").is_file()
    init = kasales("init", "accounts/new.yaml", cwd=tmp_path)
    assert init.returncode == 0 and (tmp_path / "accounts/new.yaml").is_file()
    again = kasales("init", "accounts/new.yaml", cwd=tmp_path)
    assert again.returncode == 2  # still never overwritten without --force
    write(tmp_path, "file", "")
    blocked = kasales("schema", "-o", "file/x.json", "--lang", "zh", cwd=tmp_path)
    assert blocked.returncode == 2 and blocked.stderr.startswith("file/x.json: ")


def test_os_errors_are_worded_in_the_users_language() -> None:
    import errno

    from kasales.core.errors import Msg, os_reason
    from kasales.text.messages import words

    err = OSError(errno.ENOENT, "No such file or directory")
    assert words(Msg("cannot_write", reason=os_reason(err)), "zh") == "无法写入: 没有那个文件或目录"
    assert words(Msg("cannot_write", reason=os_reason(err)), "en") == "cannot write: No such file or directory"


def test_shell_completion_is_offered(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output and "--show-completion" in result.output


@pytest.mark.parametrize(("text", "expected"), [
    ("a:\n\tb: 1\n", "<stdin>:2:1: YAML 语法错误: 发现不能出现在此处的字符"),
    ("a: b: c\n", "<stdin>:1:5: YAML 语法错误: 此处不能出现键值对"),
    ("a: [1, 2\n", "YAML 语法错误: 没有找到预期的 ',' 或 ']'"),
    ("a: 'x\n", "YAML 语法错误: 文件意外结束 (引号没有闭合?)"),
])
def test_yaml_syntax_errors_are_chinese_throughout(text: str, expected: str) -> None:
    done = kasales("validate", "-", "--lang", "zh", stdin=text)
    assert done.returncode == 2
    assert expected in done.stdout
    assert not any(word in done.stdout for word in ("found", "mapping", "expected", "stream"))
    english = kasales("validate", "-", stdin=text)
    assert "YAML syntax error: " in english.stdout  # English keeps the parser's words


def test_one_is_singular_in_english() -> None:
    done = kasales("qualify", str(METRO))
    assert done.stderr.strip() == "kasales: 1 file, 1 scored, 0 rejected"
    from kasales.text.plural import singular

    assert singular("1 accounts, 11 files, 21 days, 0.1 points") == "1 account, 11 files, 21 days, 0.1 points"


def test_a_bare_kasales_in_chinese_lists_chinese_summaries() -> None:
    done = kasales("--lang", "zh")
    assert "命令:" in done.stderr and "为客户评分" in done.stderr and "Score accounts" not in done.stderr
