"""`kasales review`: a scripted conversation through a real pseudo-terminal, as a rep would have it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, TODAY
from ruamel.yaml import YAML

from kasales.cli.app import app


class Terminal:
    """``kasales review`` running on a pseudo-terminal that is its controlling terminal (so ^C is SIGINT)."""

    def __init__(self, *args: str) -> None:
        master, slave = pty.openpty()

        def controlling_terminal() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        env = dict(os.environ, KASALES_TODAY=TODAY.isoformat(), COLUMNS="120")
        self.proc = subprocess.Popen([sys.executable, "-m", "kasales", "review", *args], stdin=slave, stdout=slave,
                                     stderr=slave, env=env, preexec_fn=controlling_terminal, close_fds=True)
        os.close(slave)
        self.master = master
        self._data = b""
        self._pos = 0  # where the next expectation starts looking, in the decoded text

    @property
    def text(self) -> str:
        """Everything printed so far (a character cut in half at the end is left out)."""
        return self._data.decode("utf-8", errors="ignore")

    def _more(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the other side closed
            chunk = b""
        self._data += chunk
        return bool(chunk)

    def expect(self, *texts: str, timeout: float = 20) -> str:
        """Read until one of ``texts`` appears after the last match; return the one that did."""
        end = time.monotonic() + timeout
        while True:
            found = [(self.text.find(t, self._pos), t) for t in texts]
            hits = sorted((i, t) for i, t in found if i >= 0)
            if hits:
                index, hit = hits[0]
                self._pos = index + len(hit)
                return hit
            if not self._more(max(0.0, end - time.monotonic())):
                raise AssertionError(f"no {texts!r} in:\n{self.text[self._pos:]}")

    def send(self, text: str) -> None:
        """Type ``text`` (a line ends with \\n; \\x03 is Ctrl-C, \\x04 Ctrl-D)."""
        os.write(self.master, text.encode("utf-8"))

    def finish(self) -> tuple[int, str]:
        """Wait for the end; the exit code and everything printed after the last match."""
        while self._more(20):
            pass
        os.close(self.master)
        return self.proc.wait(20), self.text[self._pos:]


@pytest.fixture
def metro(tmp_path: Path) -> Path:
    target = tmp_path / "huadong-metro.yaml"
    shutil.copy(PROFILES / "huadong-metro.yaml", target)
    return target


def test_a_review_answers_in_both_languages_and_writes_like_set(metro: Path) -> None:
    original = metro.read_text("utf-8")
    term = Terminal(str(metro), "--lang", "en")
    term.expect("3 questions (last reviewed 9 days ago). Enter skips a question, Ctrl-C stops without writing.")
    term.expect("[1/3] personal (people we meet) - what each person cares about in their role: status? "
                "(done/partial/missing · 已完成/部分/缺失)\r\n> ")
    term.send("finished\n")  # not an accepted answer: asked again
    term.expect("not an accepted answer; answer one of (done/partial/missing · 已完成/部分/缺失), or Enter to skip")
    term.expect("> ")
    term.send("DONE\n")
    term.expect("[2/3] competitors - customer satisfaction with their products: status?")
    term.send("\n")  # Enter skips
    term.expect("[3/3] 陈总 (总经理): attitude towards us? (supporter/neutral/opponent/unknown · 支持/中立/反对/未知)")
    term.send("支持\n")
    term.expect("2 answers:")
    term.expect("intel.personal.role_concerns = done")  # as the vocabulary writes it
    term.expect("stakeholders[1].attitude = 支持")
    term.expect(f"Write them to {metro}? [Y/n]")
    term.send("\n")
    code, rest = term.finish()
    assert code == 0, rest
    assert f"{metro}: develop (MAN MaN" in rest and "→ develop (MAN MaN" in rest
    text = metro.read_text("utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), text.splitlines(), strict=True) if a != b]
    assert changed == [("  updated: 2026-11-20", f"  updated: {TODAY.isoformat()}"),
                       ("    attitude: unknown", "    attitude: 支持"),
                       ("    role_concerns: partial", "    role_concerns: done")]
    assert YAML(typ="safe").load(text)["intel"]["personal"]["role_concerns"] == "done"  # lower-cased


def test_ctrl_c_stops_without_writing(metro: Path) -> None:
    original = metro.read_bytes()
    term = Terminal(str(metro), "--lang", "en")
    term.expect("[1/3]")
    term.send("done\n")
    term.expect("[2/3]")
    term.send("\x03")  # Ctrl-C on the terminal: SIGINT
    code, rest = term.finish()
    assert code == 130
    assert f"review stopped; nothing written to {metro}" in rest
    assert metro.read_bytes() == original


def test_declining_the_write_and_end_of_input(metro: Path) -> None:
    original = metro.read_bytes()
    term = Terminal(str(metro), "--lang", "en")
    term.expect("[1/3]")
    term.send("partial\n\n\n")
    term.expect("[Y/n]")
    term.send("n\n")
    code, rest = term.finish()
    assert code == 0 and f"{metro}: nothing written" in rest
    assert metro.read_bytes() == original
    term = Terminal(str(metro), "--lang", "en")
    term.expect("[1/3]")
    term.send("\x04")  # Ctrl-D: end of input
    code, rest = term.finish()
    assert code == 130 and "nothing written" in rest
    assert metro.read_bytes() == original


def test_a_new_profile_in_chinese_with_evidence(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "acme.yaml"
    assert runner.invoke(app, ["init", str(target), "--lang", "zh", "--stage", "prospect"]).exit_code == 0
    term = Terminal(str(target), "--lang", "zh")
    term.expect("M 买得起")
    term.expect("状态? (yes/partial/no/unknown · 是/部分/否/未知)")
    term.send("是\n")
    term.expect("依据")
    term.send("2027 年预算已批复\n")
    term.expect("A 说了算")
    term.send("\n")  # skipped: no evidence question follows
    term.expect("N 用得着")
    term.send("\n")
    term.expect("评分? (1 最差 ... 5 最好)")
    term.send("6\n")
    term.expect("不是可接受的回答")
    term.send("4\n")
    for _ in range(4):  # the other factors
        term.expect("评分?")
        term.send("\n")
    term.expect("状态? (done/partial/missing · 已完成/部分/缺失)")  # the next stage's intel (evaluate)
    term.send("\x04")
    code, _ = term.finish()
    assert code == 130  # stopped: nothing written yet
    assert "status: unknown" in target.read_text("utf-8")
    term = Terminal(str(target), "--lang", "zh")
    term.expect("M 买得起")
    term.send("是\n2027 年预算已批复\n\n\n4\n")
    term.expect("评分?")
    term.send("\n\n\n\n")
    while term.expect("> ", "[Y/n]") == "> ":  # skip the intel questions, however many the stage has
        term.send("\n")
    term.send("y\n")
    code, rest = term.finish()
    assert code == 0, rest
    data = YAML(typ="safe").load(target.read_text("utf-8"))
    assert data["man"]["money"] == {"status": "是", "evidence": "2027 年预算已批复"}
    assert data["evaluation"]["need_degree"] == 4 and data["evaluation"]["credit"] is None


def test_not_a_terminal_points_to_set(runner: Any, metro: Path) -> None:
    result = runner.invoke(app, ["review", str(metro), "--lang", "en"], input="done\n")
    assert result.exit_code == 2
    assert f"kasales set {metro} PATH=VALUE" in result.stderr
    assert result.stdout == ""


def test_nothing_to_review(write_profile: Any) -> None:
    target = write_profile(
        "account: {id: done-deal, updated: 2026-11-01}\nstage: close\n"
        "man: {money: yes, authority: yes, need: yes}\n"
        "evaluation: {need_degree: 5, need_volume: 5, purchasing_power: 5, decision_authority: 5, credit: 5}\n"
        "intel:\n  background: {org_structure: done, departments: done, people: done, similar_products: done,"
        " business_credit: done, industry_outlook: done}\n"
        "  project: {procurement_plan: done, objective: done, influencers: done, timeline: done, budget: done,"
        " process: done}\n"
        "  competitor: {products: done, sales_reps: done, satisfaction: done, relationships: done}\n"
        "  personal: {role_concerns: done, contact: done, career: done, education: done, interests: done,"
        " communication_style: done}\n")
    term = Terminal(str(target), "--lang", "en")
    code, rest = term.finish()
    assert code == 0, rest
    assert "nothing to review" in rest
