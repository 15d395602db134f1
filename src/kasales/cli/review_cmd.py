"""`kasales review FILE`: walk through what is unknown or missing, one question at a time, then write like `set`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kasales.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    LangOption,
    RubricOption,
    error_status,
    parse_file_path,
    resolve_lang,
    status,
    today,
)
from kasales.render.safe_text import safe_line
from kasales.text import messages

if TYPE_CHECKING:
    import datetime as dt

    from kasales.core.edits import Assignment
    from kasales.core.models import Profile
    from kasales.core.review import Question
    from kasales.core.rubric import Rubric


class _Stop(Exception):
    """The user ended the review (end of input): nothing is written."""


def review(
    file: Annotated[Path, typer.Argument(metavar="FILE", parser=parse_file_path, help="The profile to review.")],
    rubric: RubricOption = None,
    lang: LangOption = None,
) -> None:
    """Ask about what is unknown or missing (MAN, unscored factors, the next stage's intel, attitudes), then write.

    Enter skips a question, Ctrl-C stops without writing. Needs a terminal: from a script, use `kasales set`.
    """
    from kasales.cli.settings import load_rubric
    from kasales.io.edit import load_document
    from kasales.io.loader import parse_profile

    code = resolve_lang(lang)
    if not file.exists():
        error_status(f"{file}: {messages.msg('not_found', code)}")
        raise typer.Exit(EXIT_INVALID)
    if not sys.stdin.isatty():
        error_status(messages.msg("review_not_tty", code, file=file))
        raise typer.Exit(EXIT_INVALID)
    active = load_rubric(rubric)
    day = today()
    doc = load_document(file)  # a file set could not edit is refused before any question is asked
    profile = parse_profile(doc.text, str(file))
    answers = _ask_all(profile, active, code, file, day)
    if not answers:
        status(messages.msg("edit_unchanged", code, file=file))
        raise typer.Exit(EXIT_OK)
    _write(file, answers, active, code, day)


def _ask_all(profile: Profile, rubric: Rubric, lang: str, file: Path, day: dt.date) -> list[Assignment]:
    """Every question in turn; the accepted answers as assignments. Ctrl-C or end of input: nothing kept."""
    from kasales.core.review import questions

    asked = questions(profile, rubric)
    if not asked:
        sys.stdout.write(safe_line(messages.msg("review_nothing", lang, file=file)) + "\n")
        raise typer.Exit(EXIT_OK)
    updated = profile.account.updated
    age = messages.msg("review_age", lang, days=(day - updated).days) if updated else messages.msg("review_undated",
                                                                                                   lang)
    sys.stdout.write(safe_line(messages.msg("review_intro", lang, file=file, count=len(asked), age=age)) + "\n")
    answers: list[Assignment] = []
    try:
        for number, question in enumerate(asked, start=1):
            answers += _ask(question, f"[{number}/{len(asked)}]", profile, rubric, lang)
    except (KeyboardInterrupt, _Stop):
        status(messages.msg("review_stopped", lang, file=file))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except SystemExit as err:  # the app's Ctrl-C handler leaves with 130: say nothing was written
        if err.code == EXIT_INTERRUPTED:
            status(messages.msg("review_stopped", lang, file=file))
        raise
    return answers


def _ask(question: Question, counter: str, profile: Profile, rubric: Rubric, lang: str) -> list[Assignment]:
    """Ask one question (and its follow-up when answered) until the answer is accepted or skipped."""
    # a name in the question is shown, never obeyed (an ESC in it would reach the terminal)
    prompt = f"{counter} {safe_line(_prompt(question, profile, rubric, lang))} {_choices(question, lang)}\n> "
    while True:
        answer = _read(prompt)
        if not answer.strip():
            return []
        value = question.check(answer)
        if value is not None:
            break
        sys.stdout.write(messages.msg("review_bad_answer", lang, choices=_choices(question, lang)) + "\n")
    made = [question.assignment(value)]
    if question.follow_up is not None:
        made += _ask(question.follow_up, " " * len(counter), profile, rubric, lang)
    return made


def _read(prompt: str) -> str:
    """One line from the terminal; end of input (Ctrl-D) stops the review."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise _Stop
    return line.rstrip("\n")


def _prompt(question: Question, profile: Profile, rubric: Rubric, lang: str) -> str:
    """The question in words: what it is about, in the rubric's labels."""
    subject = question.subject
    if question.topic == "man":
        return messages.msg("review_q_man", lang, label=rubric.label("man_dimension", subject, lang))
    if question.topic == "evidence":
        return messages.msg("review_q_evidence", lang, label=rubric.label("man_dimension", subject, lang))
    if question.topic == "factor":
        return messages.msg("review_q_factor", lang, label=rubric.label("factor", subject, lang))
    if question.topic == "intel":
        category = rubric.label("intel_category", subject.split(".")[0], lang)
        return messages.msg("review_q_intel", lang, category=category, label=rubric.label("intel_item", subject, lang))
    person = profile.stakeholders[int(subject)]
    who = f"{person.name} ({person.title})" if person.title else person.name
    return messages.msg("review_q_attitude", lang, person=who)


def _choices(question: Question, lang: str) -> str:
    """`(yes/partial/no/unknown · 是/部分/否/未知)`, `(1-5)` or `(free text)`; Enter always skips."""
    accepted = question.accepted()
    if question.score:
        return messages.msg("review_choices_score", lang)
    if not accepted:
        return messages.msg("review_choices_text", lang)
    half = len(accepted) // 2
    return f"({'/'.join(accepted[:half])} · {'/'.join(accepted[half:])})"


def _write(file: Path, answers: list[Assignment], rubric: Rubric, lang: str, day: dt.date) -> None:
    """Show the answers, ask once to write them, and write them as `kasales set` would."""
    from kasales.cli import editing
    from kasales.io.edit import load_document, plan

    sys.stdout.write(messages.msg("review_summary", lang, count=len(answers)) + "\n")
    for item in answers:
        sys.stdout.write(safe_line(f"  {item.text} = {item.raw}") + "\n")
    try:
        reply = _read(messages.msg("review_confirm", lang, file=file) + " ")
    except (KeyboardInterrupt, _Stop):
        reply = "n"
    if reply.strip().lower() not in ("", "y", "yes", "是", "好"):
        status(messages.msg("review_not_written", lang, file=file))
        raise typer.Exit(EXIT_OK)
    doc = load_document(file)  # read again: the write below refuses a file that changed meanwhile
    change = editing.prepare(doc, plan(doc, answers), day, rubric, lang)
    if change.problems:
        editing.print_lines(change.problems)
        raise typer.Exit(EXIT_INVALID)
    if change.changed:
        editing.write(change, lang)
    sys.stdout.write(editing.verdict_line(change, rubric, lang) + "\n")
