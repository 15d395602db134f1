"""The one catalogue: every message in both languages, every key used exists, no sentence built outside it."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from kasales.core.errors import Msg
from kasales.text import messages

SRC = Path(__file__).resolve().parents[2] / "src" / "kasales"


def test_every_message_exists_in_english_and_chinese_with_the_same_placeholders() -> None:
    for key, table in messages._CATALOG.items():
        assert set(table) == {"en", "zh"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(table[lang]) if f} for lang in ("en", "zh")]
        assert fields[0] == fields[1], key
        assert table["en"] != table["zh"] or not re.search(r"[A-Za-z]{3}", table["en"].replace("{", "").replace(
            "}", "")) or "{" in table["en"], key


def _msg_keys_in_source() -> set[tuple[str, str]]:
    """(module, key) of every ``Msg("key", ...)`` / ``MsgError("key", ...)`` / ``say("key", ...)`` in the source."""
    found = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in (
                    "Msg", "MsgError", "say") and node.args and isinstance(node.args[0], ast.Constant):
                found.add((str(path.relative_to(SRC)), node.args[0].value))
    return found


def test_every_message_key_the_code_uses_is_in_the_catalogue() -> None:
    keys = _msg_keys_in_source()
    assert len(keys) > 40  # the scan itself works
    missing = sorted((module, key) for module, key in keys if key not in messages._CATALOG
                     and key not in messages._COMPUTED)
    assert not missing


# The two bilingual data models: a rubric text holds both languages and picks one when a renderer asks
BILINGUAL_DATA = {"core/bilingual.py", "core/rubric.py", "core/rubric_texts.py"}  # the last checks both
# a configuration's `lang` key is data the file holds (the CLI picks the language from it), not a rendering
CONFIG_DATA = {"core/config.py"}


def test_core_and_io_never_put_a_message_into_words() -> None:
    # language is a rendering choice: below the text layer a message stays a key with parameters
    for layer in ("core", "io"):
        for path in (SRC / layer).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"^\s*(from|import) kasales\.text", text, re.M), path
            if str(path.relative_to(SRC)) not in BILINGUAL_DATA | CONFIG_DATA:
                assert not re.search(r"\blang\b", text), path


def test_below_the_cli_nothing_imports_typer_rich_or_reads_the_environment_or_clock() -> None:
    for layer in ("core", "io", "text"):
        for path in (SRC / layer).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            banned = ["import typer", "from typer", "import rich", "from rich", "import click", "jinja2",
                      "date.today()", "datetime.now("]
            if str(path.relative_to(SRC)) != "io/git.py":  # it hands the environment on to the git process
                banned.append("os.environ")
            for word in banned:
                assert word not in text, (path, word)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_nested_messages_are_worded_in_one_language(lang: str) -> None:
    message = Msg("bad_type", expected=Msg("type", kind="mapping"), found=Msg("type", kind="list"))
    text = messages.words(message, lang)
    assert text == {"en": "expected a mapping (found a list)", "zh": "应为映射 (实际为列表)"}[lang]
