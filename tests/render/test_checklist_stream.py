"""`kasales checklist` streamed (a part per account, made in workers) prints what the whole-batch renderer prints."""

from __future__ import annotations

import io
import json
import shutil
from functools import partial
from pathlib import Path

import pytest
from conftest import PROFILES, TODAY, generate_portfolio
from rich.table import Table

from kasales.core.checklist import check_account
from kasales.io.batch import load_profiles, stream_batch
from kasales.io.rubrics import default_rubric
from kasales.render import checklist_stream
from kasales.render.checklist_formats import render_checklist
from kasales.render.checklist_stream import Tally, checklist_row, write_checklist
from kasales.render.checklist_views import (
    ChecklistView,
    ReadinessRow,
    readiness_caption,
    readiness_cells,
    readiness_frame,
)
from kasales.render.common import console, name_width, printed


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated portfolio (long and Chinese names, every stage) with the repo's profiles, an invalid file
    and a duplicate id beside it."""

    folder = tmp_path_factory.mktemp("checklist") / "accounts"
    generate_portfolio(folder, 36)
    for profile in sorted(PROFILES.glob("*.yaml")):
        shutil.copyfile(profile, folder / f"zz-{profile.name}")
    (folder / "zz-broken.yaml").write_text("account: {id: broken}\nstage: nowhere\n", encoding="utf-8")
    (folder / "zz-twin.yaml").write_text((folder / "zz-huadong-metro.yaml").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    return folder


def whole(paths: list[Path], name: str, view: ChecklistView) -> str:
    """The output of the whole-batch path: every profile loaded, every checklist held, one render."""
    found = load_profiles(paths)
    view.accounts = [check_account(p, f, view.rubric, view.stage) for f, p in found.loaded]
    view.problems = found.problems
    return render_checklist(name, view)


def streamed(paths: list[Path], name: str, view: ChecklistView, pretty: bool = True, jobs: int = 1) -> str:
    """The output of the streamed path `kasales checklist` takes."""
    inspect = partial(checklist_row, view=view, name=name, pretty=pretty)
    batch, parts = stream_batch(paths, view.rubric, TODAY, jobs=jobs, score=False, inspect=inspect)
    out = io.StringIO()
    write_checklist(name, Tally().count(parts), view, batch.problems, out, pretty)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stage", [None, "present"])
def test_streamed_formats_print_the_whole_batch_output(portfolio: Path, lang: str, stage: str | None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rubric = default_rubric()

    def view(width: int = 100, color: bool = False) -> ChecklistView:
        return ChecklistView(rubric, lang, stage, mode="many", color=color, width=width)

    assert streamed([portfolio], "markdown", view()) == whole([portfolio], "markdown", view())
    assert "### " in streamed([portfolio], "markdown", view())  # the invalid files' section came last
    expected = whole([portfolio], "json", view())
    assert streamed([portfolio], "json", view()) == expected
    compact = streamed([portfolio], "json", view(), pretty=False)
    records = json.loads(compact)
    assert records == json.loads(expected) and len(records) > 36
    assert len(compact.splitlines()) == len(records) + 2  # "[", one account per line, "]"
    for width in (60, 100, 160):
        for color in (False, True):
            table = whole([portfolio], "table", view(width, color))
            for chunk in (1, 7, 500):  # many chunks, a last one of a few rows, one table
                monkeypatch.setattr(checklist_stream, "CHUNK", chunk)
                assert streamed([portfolio], "table", view(width, color)) == table, (width, color, chunk)


def test_workers_send_the_same_parts(portfolio: Path) -> None:
    rubric = default_rubric()
    for name in ("table", "markdown", "json"):
        one = streamed([portfolio], name, ChecklistView(rubric, "zh", mode="many"))
        assert streamed([portfolio], name, ChecklistView(rubric, "zh", mode="many"), jobs=2) == one


@pytest.mark.parametrize("name", ["table", "markdown", "json"])
def test_one_file_is_shown_in_full_as_before(name: str) -> None:
    rubric = default_rubric()
    path = [PROFILES / "huadong-metro.yaml"]
    expected = whole(path, name, ChecklistView(rubric, "zh", mode="single"))
    assert streamed(path, name, ChecklistView(rubric, "zh", mode="single")) == expected
    if name == "json":
        compact = streamed(path, name, ChecklistView(rubric, "zh", mode="single"), pretty=False)
        assert json.loads(compact) == json.loads(expected) and compact.count("\n") == 1


def test_empty_and_invalid_only_folders_print_as_before(tmp_path: Path) -> None:
    rubric = default_rubric()
    (tmp_path / "bad.yaml").write_text("account: {id: bad}\nstage: nowhere\n", encoding="utf-8")
    for name in ("table", "markdown", "json"):
        view = partial(ChecklistView, rubric, "en", mode="many")
        assert streamed([tmp_path], name, view()) == whole([tmp_path], name, view()), name


def test_cli_checklist_json_in_a_pipe_is_one_account_per_line(runner, portfolio: Path,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    from kasales.cli.app import app

    result = runner.invoke(app, ["checklist", str(portfolio), "-f", "json", "--strict", "--lang", "en"])
    assert result.exit_code == 2  # the invalid file outweighs --strict, as before
    records = json.loads(result.stdout)
    assert len(result.stdout.splitlines()) == len(records) + 2 and len(records) > 36
    assert "zz-broken.yaml" in result.stderr and "gate not met" in result.stderr
    target = tmp_path / "out.json"
    written = runner.invoke(app, ["checklist", str(portfolio), "-f", "json", "-o", str(target)])
    assert written.exit_code == 2 and json.loads(target.read_text(encoding="utf-8")) == records
    again = runner.invoke(app, ["checklist", str(portfolio), "-f", "json", "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.stderr  # never overwritten without --force


def test_a_long_checklist_run_shows_progress_on_stderr_only(runner, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                            ) -> None:
    import kasales.cli.progress
    import kasales.cli.runs
    from kasales.cli.app import app

    monkeypatch.setattr(kasales.cli.runs, "interactive", lambda: True)
    monkeypatch.setattr(kasales.cli.progress, "MIN_FILES", 1)
    result = runner.invoke(app, ["checklist", str(PROFILES), "--lang", "en"])
    assert "scoring" in result.stderr and "scoring" not in result.stdout and "\x1b" not in result.stdout
    monkeypatch.setattr(kasales.cli.runs, "interactive", lambda: False)
    assert "scoring" not in runner.invoke(app, ["checklist", str(PROFILES), "--lang", "en"]).stderr


def _readiness_rows(paths: list[Path], view: ChecklistView) -> list[ReadinessRow]:
    """The rows the workers send back for the readiness table."""
    inspect = partial(checklist_row, view=view, name="table")
    _, parts = stream_batch(paths, view.rubric, TODAY, jobs=1, score=False, inspect=inspect)
    return [row.part for row in parts]


def _odd(row: ReadinessRow) -> list[ReadinessRow]:
    """Rows whose cells test the plain layout's edges: unbroken and wide names that fold, a name with spaces
    that wraps, control characters, a name that would start a line with a workflow command, blanks at the end
    of a line, gaps that wrap."""
    gaps = "; ".join(["decision criteria and their weights"] * 3) + " (+4)"
    return [row._replace(name="A" * 230, id="x" * 150), row._replace(name="华东地铁集团" * 12, first=gaps),
            row._replace(name="Very long name with many words that wrap inside the account column " * 2),
            row._replace(name="::error::pwned\x1b[2J\x07", first="##[warning]x" + " " * 90 + "y"),
            row._replace(name="trailing   ", id="id\u200b\u3000", first="混合 mixed 文字" * 9)]


def _whole_readiness(rows: list[ReadinessRow], view: ChecklistView) -> str:
    """The readiness table of ``rows`` as Rich lays it out and prints it whole (one Table, its own widths)."""
    with_next = any(x.next is not None for x in rows)
    table = readiness_frame(view, len(rows), name_width((x.name, x.id) for x in rows), with_next)
    for x in rows:
        table.add_row(*readiness_cells(x, with_next))
    table.caption = readiness_caption(sum(x.gate[0] for x in rows), len(rows), view.lang)
    target = console(view.width, view.color)
    target.print(table)
    return printed(target)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stage", [None, "present"])  # with and without the "next" column
def test_the_plain_readiness_table_is_rich_s_table(portfolio: Path, lang: str, stage: str | None,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Without colour each row is laid out by render/plain_rows, not Rich: the output stays Rich's, byte for byte."""
    plain: list[bool] = []
    laid_out = checklist_stream._print_plain
    monkeypatch.setattr(checklist_stream, "_print_plain", lambda *args: plain.append(laid_out(*args)) or plain[-1])
    rows = _readiness_rows([portfolio], ChecklistView(default_rubric(), lang, stage, mode="many"))
    assert (stage is None) == any(x.next is not None for x in rows)
    for width in (60, 80, 100, 133, 200):
        view = ChecklistView(default_rubric(), lang, stage, mode="many", width=width)
        for chosen in (rows[:1], rows[:3] + _odd(rows[0]), rows + _odd(rows[-1])):
            expected = _whole_readiness(chosen, view)
            for chunk in (1, 7, 500):
                monkeypatch.setattr(checklist_stream, "CHUNK", chunk)
                out = io.StringIO()
                checklist_stream.print_readiness(list(chosen), view, out)
                assert out.getvalue() == expected, (width, len(chosen), chunk)
                # the plain layout printed it (in 60 cells Rich may leave the account column no room at all:
                # then Rich prints it; a terminal is taken as 80 cells at least, a pipe as 100)
                assert plain[-1] or width < 80, (width, len(chosen), chunk)
                assert "\n::" not in out.getvalue() and "##[" not in out.getvalue()


def test_the_plain_readiness_table_has_rich_render_the_frame_only(portfolio: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Without colour Rich lays out one table (the title, header and first row), not one per chunk of rows;
    with colour it still lays out each chunk."""
    tables: list[Table] = []
    render = Table.__rich_console__

    def counted(self: Table, *args: object) -> object:
        tables.append(self)
        return render(self, *args)

    monkeypatch.setattr(Table, "__rich_console__", counted)
    monkeypatch.setattr(checklist_stream, "CHUNK", 7)
    for lang in ("en", "zh"):
        view = ChecklistView(default_rubric(), lang, mode="many")
        rows = _readiness_rows([portfolio], view)
        assert len(rows) > 5 * 7
        tables.clear()
        checklist_stream.print_readiness(rows, view, io.StringIO())
        assert len(tables) == 1, lang
        tables.clear()
        checklist_stream.print_readiness(rows, ChecklistView(default_rubric(), lang, mode="many", color=True),
                                         io.StringIO())
        assert len(tables) == -(-len(rows) // 7), lang
