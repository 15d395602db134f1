"""A finding's line comes from the tree of the one parse that scored the file: the same map as composing it again."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROFILES, generate_portfolio

from kasales.io import fieldlines
from kasales.io.loader import load_profile, read_text
from kasales.io.yamlfast import last_tree
from kasales.io.yamlsafe import compose


def _composed(text: str) -> dict[str, int]:
    """The map as it was made before: the file composed again, its tree walked."""
    lines: dict[str, int] = {}
    fieldlines._walk(compose(text), "", lines)
    return lines


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The demo profiles and 200 generated ones."""
    folder = tmp_path_factory.mktemp("generated")
    generate_portfolio(folder, 200, seed=11)
    return sorted(PROFILES.glob("*.yaml")) + sorted(folder.glob("*.yaml"))


def test_every_field_line_from_the_parse_equals_composing_again(portfolio: list[Path]) -> None:
    keys: set[str] = set()
    for path in portfolio:
        load_profile(path)  # as a worker does before it renders the file
        text = read_text(path)
        # the parse's tree is used, not a second one (a text with "&", maybe an anchor, is loaded the stock way)
        assert (last_tree(text) is None) == ("&" in text), path
        lines = fieldlines.file_field_lines(path)
        assert lines == _composed(text), path
        keys.update(lines)
    # every kind of path a finding points at: keys, list items by index, by name and by due date
    assert {"account.id", "evaluation.credit", "stakeholders[0]", "contract.payments[0]"} <= keys
    assert any("[name=" in key for key in keys) and any("[due=" in key for key in keys)


def test_a_file_changed_since_it_was_loaded_gets_its_new_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    original = (PROFILES / "huadong-metro.yaml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    load_profile(path)
    before = fieldlines.file_field_lines(path)
    path.write_text("# moved down\n\n" + original, encoding="utf-8")
    after = fieldlines.file_field_lines(path)
    assert after == {key: line + 2 for key, line in before.items()}


def test_a_file_that_no_longer_parses_points_at_line_one(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text((PROFILES / "huadong-metro.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    load_profile(path)
    path.write_text("account: {id: broken\n", encoding="utf-8")
    assert fieldlines.file_field_lines(path) == {}
