"""Scoring in worker processes gives byte-identical output to a serial run, and JSON streams exactly."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import TODAY, generate_portfolio

from kasales.cli.app import app
from kasales.cli.common import JOBS_ENV, default_jobs
from kasales.core.gates import Gates
from kasales.io.batch import MIN_PARALLEL, run_batch
from kasales.io.parallel import ordered_map
from kasales.io.rubrics import default_rubric
from kasales.render import View, json_format, render
from kasales.render.records import payload
from kasales.text.messages import words

COUNT = 300


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 generated profiles plus three bad files: a typo'd value, broken YAML, and a duplicate id."""
    folder = tmp_path_factory.mktemp("portfolio")
    generate_portfolio(folder, COUNT, seed=7)
    text = (folder / "acct-00150.yaml").read_text(encoding="utf-8")
    (folder / "acct-00150-bad.yaml").write_text(text.replace("schema_version: 1", "schema_version: 1\nstage: maybe")
                                                .replace("id: acct-00150", "id: acct-bad"), encoding="utf-8")
    (folder / "acct-00200-broken.yaml").write_text("account: {id: broken\nstage: [\n", encoding="utf-8")
    shutil.copy(folder / "acct-00001.yaml", folder / "acct-00250-dup.yaml")
    return folder


def _run(runner, monkeypatch, jobs: int, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(JOBS_ENV, str(jobs))
    monkeypatch.setenv("KASALES_LANG", "en")
    return runner.invoke(app, ["qualify", *args])


@pytest.mark.parametrize("fmt", ["json", "csv", "table", "markdown", "github"])
def test_two_workers_print_what_one_process_prints(runner, monkeypatch, portfolio: Path, fmt: str) -> None:
    assert COUNT > MIN_PARALLEL  # so KASALES_JOBS=2 really takes the worker-process path
    args = [str(portfolio), "--format", fmt, "--fail-on", "disqualify"]
    serial = _run(runner, monkeypatch, 1, *args)
    parallel = _run(runner, monkeypatch, 2, *args)
    assert serial.exit_code == parallel.exit_code == 2  # invalid files win over the tripped gate
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    assert "303 files, 300 scored, 3 rejected" in serial.stderr
    # the duplicate id, located in the later file (github prints problems on stdout)
    assert "acct-00250-dup.yaml:4:7: " in serial.stderr + serial.stdout


def _one_shot(folder: Path, gates: Gates) -> tuple[View, str]:
    """The batch scored in this process, and SPEC §9's document as one ``json.dumps(..., indent=2)``."""
    rubric = default_rubric()
    batch = run_batch([folder], rubric, TODAY, jobs=1)  # the CLI scores as of TODAY too (conftest)
    tripped = {r.file: [words(m, "en") for m in why] for r in batch.results if (why := gates.check(r))}
    view = View(batch, rubric, "en", gate_failures=tripped)
    records = view.records()
    for record in records:
        record["gate_failures"] = tripped.get(record["file"], [])
    return view, json.dumps(payload(records, batch.problems), ensure_ascii=False, indent=2) + "\n"


def test_streamed_json_is_the_one_shot_document(runner, monkeypatch, portfolio: Path) -> None:
    """`--format json` to a pipe is written record by record, one account per line, as render() writes it."""
    result = _run(runner, monkeypatch, 2, str(portfolio), "--format", "json", "--min-score", "50")
    view, indented = _one_shot(portfolio, Gates(min_score=50))
    assert result.stdout == render("json", view)
    assert json.loads(result.stdout) == json.loads(indented)
    lines = result.stdout.splitlines()
    assert lines[0] == '{"results": ['
    assert sum(line.startswith('{"file": ') for line in lines) == 300 + 3  # each account and each error
    doc = json.loads(result.stdout)
    assert [r["account"]["id"] for r in doc["results"]] == [f"acct-{i:05d}" for i in range(1, COUNT + 1)]
    assert doc["summary"] == {"files": 303, "scored": 300, "rejected": 3}
    assert 0 < len(view.gate_failures) < 300
    assert all(r["gate_failures"] == view.gate_failures.get(r["file"], []) for r in doc["results"])


def test_indented_layout_is_json_dumps_with_indent_2(portfolio: Path) -> None:
    """On a terminal the document is indented exactly as json.dumps(indent=2) would indent it."""
    view, indented = _one_shot(portfolio, Gates(fail_on=frozenset({"nurture"})))
    assert json_format.render(view, pretty=True) == indented


def test_empty_folder_is_exit_2_without_a_document(runner, monkeypatch, tmp_path: Path) -> None:
    # a CI job pointed at the wrong folder must fail, not pass with "0 files"
    result = _run(runner, monkeypatch, 2, str(tmp_path), "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""
    assert "no profiles found under" in result.stderr


def _square_and_pid(value: int) -> tuple[int, int]:
    return value * value, os.getpid()


def _nothing() -> None:
    pass


def test_ordered_map_keeps_input_order_and_runs_in_workers() -> None:
    out = list(ordered_map(_square_and_pid, range(500), 2, _nothing, (), chunksize=7))
    assert [square for square, _ in out] == [i * i for i in range(500)]
    assert os.getpid() not in {pid for _, pid in out}


def test_stopping_early_does_not_hang() -> None:
    stream = ordered_map(_square_and_pid, range(10_000), 2, _nothing, (), chunksize=4)
    assert [next(stream)[0] for _ in range(3)] == [0, 1, 4]
    stream.close()  # leaves the pool: queued chunks are cancelled, running ones finish


@pytest.mark.parametrize(("value", "forced"), [("3", 3), ("1", 1), ("0", None), ("two", None), ("", None)])
def test_kasales_jobs_forces_the_worker_count(monkeypatch, value: str, forced: int | None) -> None:
    monkeypatch.setenv(JOBS_ENV, value)
    jobs = default_jobs()
    if forced is None:
        assert jobs == len(os.sched_getaffinity(0))
    else:
        assert jobs == forced
