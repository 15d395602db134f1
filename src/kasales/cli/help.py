"""Help that teaches and usage errors in one language: kasales's own click command classes.

- the command list shows each command's whole summary (text/help.py), never one cut with "…";
- every command's help ends with an Examples section;
- under ``--lang zh`` (anywhere on the command line), ``KASALES_LANG=zh`` or a configuration's ``lang: zh``,
  help and click's usage errors are Chinese throughout (headings, descriptions, option help);
- usage errors end with one ``kasales: ...`` line (not click's ``Error: ...``), values of the framework's
  own checks ("Input should be a valid number", "'jsn' is not one of ...") put into the catalogue's words;
- arguments read ``PATH...`` (not ``{PATH}...`` and ``PATH <list[Path]>``).
"""

from __future__ import annotations

import difflib
import re
import sys
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup

from kasales.core.errors import Msg
from kasales.text import help as words

LANG_KEY = "kasales_lang"  # ctx.meta: the --lang found on the command line (meta is shared by nested contexts)


def _scan_lang(args: list[str]) -> str | None:
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else \
            arg.partition("=")[2] if arg.startswith("--lang=") else None
        if value in ("en", "zh"):
            return value
    return None


def lang_of(ctx: Any) -> str:
    """The language of ``ctx``'s command line: its --lang (parsed or not yet), else the default chain."""
    from kasales.cli.common import resolve_lang

    current = ctx
    while current is not None:
        chosen = (current.params or {}).get("lang")
        if chosen is not None:
            return str(getattr(chosen, "value", chosen))
        current = current.parent
    if ctx is not None and ctx.meta.get(LANG_KEY):
        return str(ctx.meta[LANG_KEY])
    return resolve_lang(None)


def _current_context() -> Any:
    try:  # typer vendors click; an older typer uses click itself
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover
        from click import get_current_context
    return get_current_context(silent=True)


def _word(key: str, lang: str) -> str:
    return _word_of(words.WORDS[key], lang)


def _word_of(table: dict[str, str], lang: str) -> str:
    return table.get(lang, table["en"])


class _Localized:
    """What kasales's group and commands share: the language kept from the command line, localized help."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Note the command line's --lang before parsing, so help and usage errors can speak it."""
        found = _scan_lang(args)
        if found is not None:
            ctx.meta[LANG_KEY] = found
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except Exception as err:
            if getattr(err, "ctx", False) is None:  # the option parser raises without one: the usage needs it
                err.ctx = ctx  # type: ignore[attr-defined]
                err.cmd = ctx.command  # type: ignore[attr-defined]
            raise

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """``Usage: kasales qualify [OPTIONS] PATH...`` (用法 ... [选项] in Chinese)."""
        lang = lang_of(ctx)
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        pieces = pieces.replace("[OPTIONS]", _word("options_metavar", lang)).replace(
            "COMMAND [ARGS]...", _word("command_metavar", lang))
        formatter.write_usage(ctx.command_path, pieces, prefix=_word("usage", lang))

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        """The description: the docstring in English, its translation in Chinese."""
        lang = lang_of(ctx)
        name = ctx.info_name if ctx.parent is not None else None
        text = words.ROOT_ZH if name is None else words.DESCRIPTION_ZH.get(str(name))
        if lang == "zh" and text:
            formatter.write_paragraph()
            with formatter.indentation():
                for number, paragraph in enumerate(text.split("\n\n")):
                    if number:
                        formatter.write_paragraph()
                    formatter.write_text(paragraph)
            return
        super().format_help_text(ctx, formatter)  # type: ignore[misc]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """Options and arguments, with their help in the command line's language."""
        lang = lang_of(ctx)
        if lang != "en":
            for param in self.get_params(ctx):  # type: ignore[attr-defined]
                help_text = getattr(param, "help", None)
                if help_text:
                    param.help = words.OPTION_ZH.get(help_text, help_text)
        import typer.core

        original = typer.core._  # typer's headings go through gettext's ``_``: swap in the catalogue's words
        typer.core._ = lambda text: words.WORDS.get(text, {}).get(lang, text)  # type: ignore[attr-defined]
        try:
            super().format_options(ctx, formatter)  # type: ignore[misc]
        finally:
            typer.core._ = original  # type: ignore[attr-defined]

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        """An Examples section: command lines and what each does."""
        name = str(ctx.info_name) if ctx.parent is not None else None
        examples = words.EXAMPLES.get(name, []) if name else [
            (line, what) for command in ("qualify", "validate", "config") for line, what in words.EXAMPLES[command][:1]]
        if not examples:
            return
        lang = lang_of(ctx)
        with formatter.section(_word("Examples", lang)):
            formatter.write_dl([(line, what.get(lang, what["en"])) for line, what in examples])


    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Rich panels on a terminal (typer's own renderer, fed the localized texts), click's plain text in a pipe."""
        if not rich_help_wanted():
            super().format_help(ctx, formatter)  # type: ignore[misc]
            return
        _rich_help(self, ctx)


def rich_help_wanted() -> bool:
    """Panels only for a person at a terminal (not a dumb one); pipes, files and CI logs get plain text."""
    import os

    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _as_rich(text: str) -> str:
    """Help text for Rich: ``[default: ...]`` kept as text (not markup), a paragraph's hard line breaks joined."""
    from rich.markup import escape

    return escape(re.sub(r"(?<!\n)\n(?!\n)", " ", text))


def _folding(parameter_help: Any) -> Any:
    """typer's option help, folded at the cell's edge rather than cut with "…" (Chinese has no spaces to wrap at)."""

    def folded(**kwargs: Any) -> Any:
        columns = parameter_help(**kwargs)
        for part in getattr(columns, "renderables", []):
            if hasattr(part, "overflow"):
                part.overflow = "fold"
        return columns

    return folded


def _rich_help(command: Any, ctx: Any) -> None:
    """typer's panels with kasales's words: the description, option help, panel titles and command summaries in
    the command line's language, then an Examples panel; every borrowed attribute is put back afterwards."""
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from typer import rich_utils

    lang = lang_of(ctx)
    name = ctx.info_name if ctx.parent is not None else None
    saved: list[tuple[Any, str, Any]] = []

    def borrow(owner: Any, attribute: str, value: Any) -> None:
        saved.append((owner, attribute, getattr(owner, attribute)))
        setattr(owner, attribute, value)

    described = words.ROOT_ZH if name is None else words.DESCRIPTION_ZH.get(str(name))
    borrow(command, "help", _as_rich(described if lang == "zh" and described else command.help or ""))
    borrow(command, "epilog", None)  # the examples get a panel of their own below
    flags: list[Any] = []
    for param in command.get_params(ctx):
        help_text = getattr(param, "help", None)
        if help_text:
            borrow(param, "help", _as_rich(words.OPTION_ZH.get(help_text, help_text) if lang != "en" else help_text))
        if getattr(param, "is_flag", False) and "display_type_rich" not in vars(param):
            param.display_type_rich = lambda ctx: None  # a flag takes no value: no "<bool>" beside it
            flags.append(param)
    for title in ("Arguments", "Options", "Commands"):
        borrow(rich_utils, f"{title.upper()}_PANEL_TITLE", _word(title, lang))
    borrow(rich_utils, "_get_parameter_help", _folding(rich_utils._get_parameter_help))
    borrow(rich_utils, "REQUIRED_LONG_STRING", f"[{_word('required', lang)}]")
    borrow(rich_utils, "DEFAULT_STRING", "[" + _word("default: {default}", lang).replace("{default}", "{}") + "]")
    if isinstance(command, TyperGroup):
        for sub in command.list_commands(ctx):
            summary = words.SUMMARY.get(sub)
            found = command.get_command(ctx, sub)
            if summary is not None and found is not None:
                borrow(found, "short_help", summary.get(lang, summary["en"]))
    try:
        rich_utils.rich_format_help(obj=command, ctx=ctx, markup_mode="rich")
    finally:
        for owner, attribute, value in reversed(saved):
            setattr(owner, attribute, value)
        for param in flags:
            del param.display_type_rich
    examples = words.EXAMPLES.get(str(name), []) if name else [
        (line, what) for sub in ("qualify", "validate", "config") for line, what in words.EXAMPLES[sub][:1]]
    if examples:
        table = Table.grid(padding=(0, 2))
        for line, what in examples:
            table.add_row(line, what.get(lang, what["en"]))
        panel = Panel(table, title=_word("Examples", lang), title_align="left", border_style="dim")
        Console(highlight=False).print(panel)


class KasalesCommand(_Localized, TyperCommand):
    """A kasales command (see the module's docstring)."""

    def get_short_help_str(self, limit: int = 45) -> str:
        """The command's whole summary, in the command line's language."""
        ctx = _current_context()
        summary = words.SUMMARY.get(str(self.name))
        if summary is None:
            return super().get_short_help_str(limit)
        return summary.get(lang_of(ctx) if ctx is not None else "en", summary["en"])


class KasalesGroup(_Localized, TyperGroup):
    """The `kasales` group: commands in the order they were registered, usage errors in one language."""

    def list_commands(self, ctx: Any) -> list[str]:
        """The commands' names in registration order, without building any command (see cli/lazy.py)."""
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The plain command list, each with its whole summary (text/help.py) in the command line's language; a
        command is not built just to be listed - `kasales --help` would otherwise import every command's module."""
        built = getattr(self.commands, "built", lambda name: True)
        listed: list[tuple[str, Any]] = []
        for name in self.list_commands(ctx):
            if name in words.SUMMARY and not built(name):
                listed.append((name, None))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                listed.append((name, command))
        if not listed:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in listed)  # click's room for a summary
        lang = lang_of(ctx)
        rows = [(name, _word_of(words.SUMMARY[name], lang) if command is None else command.get_short_help_str(limit))
                for name, command in listed]
        import typer.core

        with formatter.section(typer.core._("Commands")):  # the catalogue's heading while format_options runs
            formatter.write_dl(rows)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """``kasales --lang zh -h``: a --lang before the command sets the language of the help and errors."""
        rest = list(args)
        i = 0
        while i < len(rest) and rest[i].startswith("-"):
            if rest[i] == "--lang" and i + 1 < len(rest):
                ctx.meta[LANG_KEY] = rest[i + 1]
                del rest[i:i + 2]
            elif rest[i].startswith("--lang="):
                ctx.meta[LANG_KEY] = rest[i].partition("=")[2]
                del rest[i]
            else:
                i += 1
        return super().parse_args(ctx, rest)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """Run; a usage error is shown in the command line's language and exits 2 (click's own codes kept)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:  # typer vendors click; an older typer uses click itself
            from typer._click.exceptions import ClickException
            from typer.exceptions import Abort
        except ImportError:  # pragma: no cover
            from click.exceptions import Abort, ClickException  # type: ignore[assignment]

        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except ClickException as err:
            show_usage_error(err)
            sys.exit(err.exit_code)
        except Abort:
            from kasales.text import messages

            lang = lang_of(None)
            sys.stderr.write(f"kasales: {messages.words(Msg('aborted'), lang)}\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def show_usage_error(err: Any) -> None:
    """Click's usage error: the usage line and a hint, then one ``kasales: ...`` line, all in one language."""
    ctx = getattr(err, "ctx", None)
    lang = lang_of(ctx)
    lines = []
    if type(err).__name__ == "NoArgsIsHelpError" and ctx is not None:  # `kasales` alone: the help
        sys.stderr.write(ctx.get_help() + "\n")
        return
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(_word("try", lang).format(command=ctx.command_path))
        lines.append("")
    from kasales.text import messages  # here: a run without a usage error never needs the catalogue

    lines.append(f"kasales: {messages.words(usage_message(err, ctx), lang)}")
    sys.stderr.write("\n".join(lines) + "\n")


def _hint(ctx: Any, param: Any, fallback: Any) -> str:
    if param is not None:
        try:
            return str(param.get_error_hint(ctx))
        except TypeError:  # typer's own parameters take no context
            return str(param.get_error_hint())
    if isinstance(fallback, list | tuple):
        return " / ".join(f"'{p}'" for p in fallback)
    return str(fallback) if fallback else ""


def usage_message(err: Any, ctx: Any) -> Msg | str:
    """The message of click's usage error ``err`` as a catalogue Msg (its own text where none fits)."""
    kind = type(err).__name__
    text = str(getattr(err, "message", err))
    if kind == "NoSuchOption":
        possible = sorted(getattr(err, "possibilities", None) or ())
        hint = Msg("usage_possible", options=", ".join(possible)) if possible else ""
        return Msg("usage_no_option", name=err.option_name, hint=hint)
    if kind == "MissingParameter":
        name = _hint(ctx, err.param, err.param_hint)
        key = "usage_missing_option" if getattr(err.param, "param_type_name", "") == "option" else \
            "usage_missing_argument"
        return Msg(key, name=name)
    if kind == "BadParameter":
        return Msg("usage_bad_value", name=_hint(ctx, err.param, err.param_hint), detail=_detail(text))
    if kind in ("BadOptionUsage", "UsageError", "BadArgumentUsage"):
        return _general(text, ctx)
    return text


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Option '(?P<name>[^']+)' requires an argument\.$"), "usage_needs_value"),
    (re.compile(r"^Option '(?P<name>[^']+)' requires (?P<count>\d+) arguments\.$"), "usage_needs_value"),
    (re.compile(r"^Option '(?P<name>[^']+)' does not take a value\.$"), "usage_no_value"),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$"), "usage_extra"),
    (re.compile(r"^Missing command\.$"), "usage_missing_command"),
]


def _general(text: str, ctx: Any) -> Msg | str:
    for pattern, key in _PATTERNS:
        found = pattern.match(text)
        if found:
            return Msg(key, **{k: v for k, v in found.groupdict().items() if k != "count"})
    command = re.match(r"^No such command '(?P<name>[^']*)'\.", text)
    if command:
        names = list(getattr(ctx.command, "commands", {})) if ctx is not None else []
        close = difflib.get_close_matches(command["name"], names, n=1)
        return Msg("usage_no_command", name=command["name"],
                   hint=Msg("did_you_mean", guess=close[0]) if close else "")
    return text


_DETAILS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Input should be a valid integer"), "usage_not_integer"),
    (re.compile(r"^Input should be a valid number"), "usage_not_number"),
    (re.compile(r"^Input should be (less than or equal to|at most) (?P<limit>\S+)$"), "usage_at_most"),
    (re.compile(r"^Input should be (greater than or equal to|at least) (?P<limit>\S+)$"), "usage_at_least"),
]
_NOT_ONE_OF = re.compile(r"^(?:Value error, )?'(?P<value>.*)' is not one of (?P<choices>.*?)\.?$")


def _detail(text: str) -> Msg | str:
    """The framework's words for a bad value, as the catalogue's (our own parsers' are already words)."""
    for pattern, key in _DETAILS:
        found = pattern.match(text)
        if found:
            return Msg(key, **found.groupdict())
    found = _NOT_ONE_OF.match(text)
    if found:
        choices = [c.strip().strip("'") for c in found["choices"].split(",")]
        close = difflib.get_close_matches(found["value"].lower(), choices, n=1)
        return Msg("usage_not_one_of", value=found["value"], choices=", ".join(choices),
                   hint=Msg("did_you_mean", guess=close[0]) if close else "")
    return text.removeprefix("Value error, ")


def _usage_display_name(self: Any) -> str:
    """``PATH...``, ``[PROFILE]...``: no braces around a required argument."""
    name = self.display_name_raw
    if not self.required:
        name = f"[{name}]"
    if self.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name


def _display_type_rich(self: Any, ctx: Any) -> str | None:
    """An argument with a metavar shows just that (``PATH``), never the Python type (``<list[Path]>``)."""
    if self.metavar is not None:
        return None
    return self.display_type(ctx)


# typer builds its argument objects itself, so their display is set on the class (where it has the hooks)
if hasattr(TyperArgument, "_usage_display_name"):
    TyperArgument._usage_display_name = _usage_display_name  # type: ignore[method-assign]
if hasattr(TyperArgument, "display_type_rich"):
    TyperArgument.display_type_rich = _display_type_rich  # type: ignore[method-assign]
