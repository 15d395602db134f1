"""The fast YAML builder returns exactly what the stock safe loader returns: the same data or the same error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import PROFILES
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from kasales.io import yamlfast
from kasales.io.yamlsafe import _LOADER, HAS_C_LOADER, FloatAsWritten, IntAsWritten, _as_written, parse

pytestmark = pytest.mark.skipif(not HAS_C_LOADER, reason="the fast path needs ruamel.yaml's C parser")

_STOCK = YAML(typ="safe", pure=False)  # stock resolver and construction; kasales' lenient dates kept
_STOCK.Constructor = _LOADER.Constructor


def _outcome(load: Any, text: str) -> tuple[str, Any]:
    try:
        return "data", load(text)
    except Exception as err:  # the error itself is what is compared
        return type(err).__name__, str(err)


def _same(text: str) -> Any:
    fast = _outcome(lambda t: yamlfast.load(_LOADER, t), text)
    stock = _outcome(_STOCK.load, text)
    assert fast == stock
    if fast[0] == "data":  # equal values of another type (1 == 1.0 == True) would hide a difference
        assert repr(fast[1]) == repr(stock[1])
    return fast[1]


CASES = {
    "profile": "account: {id: a-1, name: 华东}\nstage: approach\nevaluation: {credit: 5, need_degree: {score: 2}}\n",
    "scalars": "a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf:\ng: 2026-11-20\nh: '2026-11-20'\ni: 0x1f\nj: .inf\nk: yes\n",
    "bad date stays text": "updated: 2026-13-45\n",
    "lists": "roles: [user, 决策人]\nitems:\n  - x\n  - [1, 2]\n  - {k: v}\n",
    "anchor and alias": "a: &x {k: 1}\nb: *x\n",
    "merge key": "base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n",
    "merge without anchor is still stock": "m:\n  <<: {x: 1}\n  y: 2\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "int key": "1: one\n2: two\n",
    "complex key": "? [a, b]\n: c\n",
    "explicit tags": "a: !!str 123\nb: !!int '7'\nc: !!seq [1]\n",
    "unknown tag": "a: !thing x\n",
    "empty": "",
    "comment only": "# nothing\n",
    "top-level list": "- 1\n- two\n",
    "top-level scalar": "just text\n",
    "syntax error": "a: [1, 2\nb: 3\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "tab indentation": "a:\n\tb: 1\n",
    "deep": "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "leaf: 1\n",
    "value key": "a:\n  =: 1\n",
}


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_same_result_as_the_stock_loader(text: str) -> None:
    _same(text)


def test_plain_documents_are_built_the_usual_way() -> None:
    data = _same("account: {id: a-1}\nupdated: 2026-11-20\nscores: [1, 2.5, true, null]\n")
    assert data == {"account": {"id": "a-1"}, "updated": dt.date(2026, 11, 20), "scores": [1, 2.5, True, None]}


def test_the_loader_uses_the_fast_resolver() -> None:
    assert _LOADER.Resolver is yamlfast.Resolver
    assert _STOCK.Resolver is not yamlfast.Resolver


def test_every_demo_profile() -> None:
    for path in sorted(PROFILES.glob("*.yaml")):
        assert _same(path.read_text(encoding="utf-8"))["schema_version"] == 1, path.name


_scalar = st.one_of(st.sampled_from(["1", "-2", "0o7", "3.5", "true", "False", "null", "~", "2026-02-30",
                                     "2026-11-20", "'quoted'", '"x: y"', "yes", "<<", "=", "[]", "{}"]),
                    st.text(alphabet="ab 华:-#,", min_size=1, max_size=6))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "1", "<<", "c d", "=", "2026-01-01"]), _scalar,
                          st.integers(0, 2)), max_size=8))
def test_random_small_documents(entries: list[tuple[str, str, int]]) -> None:
    lines = []
    for key, value, indent in entries:
        lines.append("  " * indent + f"{key}: {value}")
    _same("\n".join(lines) + "\n")


class _Reference(SafeConstructor):
    """kasales's constructor as it was before its shortcuts for plain ints and dates: the stock rules, lenient dates,
    numbers that remember their text."""

    def construct_yaml_int(self, node: Any) -> Any:
        return _as_written(super().construct_yaml_int(node), node, IntAsWritten)

    def construct_yaml_float(self, node: Any) -> Any:
        return _as_written(super().construct_yaml_float(node), node, FloatAsWritten)

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Reference.add_constructor("tag:yaml.org,2002:int", _Reference.construct_yaml_int)
_Reference.add_constructor("tag:yaml.org,2002:float", _Reference.construct_yaml_float)
_Reference.add_constructor("tag:yaml.org,2002:timestamp", _Reference.construct_yaml_timestamp)

SCALARS = ["0", "7", "42", "-3", "+5", "007", "000001", "0x1F", "0o17", "0b101", "1_000", "12345678901234567890",
           "2026-11-06", "2026-1-5", "2026-13-45", "2026-02-30", "2024-02-29", "0000-01-01", "9999-12-31",
           "2026-11-06T10:00:00", "2026-11-06 10:00:00+08:00", "3.10", "1e3"]


@pytest.mark.parametrize("text", SCALARS)
def test_shortcuts_for_plain_ints_and_dates_give_the_stock_value(text: str) -> None:
    """A plain int or a YYYY-MM-DD date skips the stock constructor's slow path: same value, type and text."""
    reference = YAML(typ="safe", pure=False)
    reference.Constructor = _Reference
    reference.Resolver = yamlfast.Resolver
    ours, stock = parse(f"v: {text}\n")["v"], reference.load(f"v: {text}\n")["v"]
    assert (type(ours), repr(ours), str(ours)) == (type(stock), repr(stock), str(stock))
