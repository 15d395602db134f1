"""Properties of scoring over generated valid profiles: bounds, monotonicity, Chinese twins, JSON round trips."""

from __future__ import annotations

import copy
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from strategies import FACTOR_KEYS, INTEL_ITEMS, MAN_KEYS, profiles, to_chinese
from typer.testing import CliRunner

from kasales.cli.app import app
from kasales.core.models import Profile
from kasales.core.results import Result
from kasales.core.scoring import VERDICT_ORDER, qualify
from kasales.core.vocab import ManStatus
from kasales.io.rubrics import default_rubric
from kasales.render.records import result_record

RUBRIC = default_rubric()
LEVEL_ORDER = ("low", "medium", "high")  # later is worse
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def score(profile: dict[str, Any], path: str = "account.yaml") -> Result:
    """Validate a profile dict and qualify it as of the suite's fixed day."""
    return qualify(Profile.model_validate(profile), path, RUBRIC, today=TODAY)


def _factor_score(raw: Any) -> int | None:
    if isinstance(raw, dict):
        return raw.get("score")
    return raw


def _with(profile: dict[str, Any], block: str, key: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(profile)
    changed.setdefault(block, {})
    if block == "intel":
        category, item = key.split(".")
        changed["intel"].setdefault(category, {})[item] = value
    else:
        changed[block][key] = value
    return changed


@SETTINGS
@given(profiles())
def test_scores_and_fractions_stay_in_range(profile: dict[str, Any]) -> None:
    result = score(profile)
    if result.risk.score is None:  # nothing scored (SPEC §4, r2)
        assert result.risk.level == "unassessed" and len(result.risk.unassessed) == 5
    else:
        assert 0 <= result.risk.score <= 100
        assert result.risk.level in LEVEL_ORDER
    assert 0 <= result.intel.completeness <= 1
    assert all(0 <= c.completeness <= 1 for c in result.intel.categories)
    assert result.verdict in VERDICT_ORDER


@SETTINGS
@given(profiles())
def test_verdict_follows_man_code_and_risk_level(profile: dict[str, Any]) -> None:
    result = score(profile)
    # the pessimistic reading: unknown MAN dimensions absent, unscored factors 1 (so red flags count)
    upper = sum(ch.isupper() for ch in result.man.code)
    pessimistic_high = result.risk.level == "high" or any(f.used <= 1 or (f.key == "credit" and f.used <= 2)
                                                          for f in result.risk.factors)
    if upper == 3:
        capped = any(f.key in ("cap_opposed", "cap_lag") for f in result.verdict_reasons)
        expected = "develop" if pessimistic_high or capped else "pursue"
    else:
        expected = {2: "develop", 1: "nurture", 0: "disqualify"}[upper]
    if result.verdict == "verify":  # research could change it: the range starts at the pessimistic verdict
        assert result.verdict_range is not None and result.verdict_range[0] == expected
        assert VERDICT_ORDER.index(result.verdict_range[1]) < VERDICT_ORDER.index(expected)
        assert set(result.verify_first) == {*result.man.unverified, *result.risk.unassessed}
    else:
        assert result.verdict == expected and result.verdict_range is None


@SETTINGS
@given(profiles(), st.sampled_from(FACTOR_KEYS), st.data())
def test_raising_a_factor_never_lowers_the_risk_score(profile: dict[str, Any], key: str, data: st.DataObject) -> None:
    old = _factor_score(profile.get("evaluation", {}).get(key))
    lowest = 1 if old is None else min(old + 1, 5)  # an unscored factor counts as 1, so even 1 is no drop
    new = data.draw(st.integers(lowest, 5), label="new score")
    before, after = score(profile), score(_with(profile, "evaluation", key, new))
    assert after.risk.score is not None
    assert before.risk.score is None or after.risk.score >= before.risk.score
    if old is not None:  # scoring a factor for the first time may reveal a red flag (r2): only a raise is monotone
        assert LEVEL_ORDER.index(after.risk.level) <= LEVEL_ORDER.index(before.risk.level)


@SETTINGS
@given(profiles(), st.sampled_from([f"{c}.{i}" for c, items in INTEL_ITEMS.items() for i in items]))
def test_marking_intel_done_never_lowers_completeness(profile: dict[str, Any], item: str) -> None:
    before, after = score(profile), score(_with(profile, "intel", item, "done"))
    category = item.split(".")[0]
    old = next(c for c in before.intel.categories if c.key == category)
    new = next(c for c in after.intel.categories if c.key == category)
    assert new.completeness >= old.completeness
    assert after.intel.completeness >= before.intel.completeness


STATUSES = st.sampled_from([s.value for s in ManStatus])


@SETTINGS
@given(profiles(), st.tuples(STATUSES, STATUSES, STATUSES), st.sampled_from(MAN_KEYS))
def test_a_man_dimension_turning_yes_never_worsens_the_verdict(profile: dict[str, Any], statuses: tuple[str, ...],
                                                               key: str) -> None:
    # SPEC §8: one more upper-case letter moves man -> Man -> MAn -> MAN, i.e. disqualify -> nurture ->
    # develop -> pursue/develop (MAN with high risk is develop, the same as MAn), and MAN leaves risk alone.
    # r2: compare the ranges (a settled verdict is a range of one): neither end may get worse
    profile = {**profile, "man": dict(zip(MAN_KEYS, statuses, strict=True))}  # every one of the 64 codes
    before, after = score(profile), score(_with(profile, "man", key, "yes"))
    for end in (0, 1):
        assert VERDICT_ORDER.index(_bounds(after)[end]) <= VERDICT_ORDER.index(_bounds(before)[end])
    assert after.risk == before.risk


def _bounds(result: Any) -> tuple[str, str]:
    return result.verdict_range or (result.verdict, result.verdict)


@SETTINGS
@given(profiles())
def test_chinese_twin_scores_identically(profile: dict[str, Any]) -> None:
    english = result_record(score(profile), RUBRIC, "en")
    chinese = result_record(score(to_chinese(profile)), RUBRIC, "en")
    assert chinese == english


@SETTINGS
@given(profiles(), st.sampled_from(["en", "zh"]), st.booleans())
def test_json_record_round_trips(profile: dict[str, Any], lang: str, personal: bool) -> None:
    record = result_record(score(profile), RUBRIC, lang, include_personal=personal)
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record


def _dump(profile: dict[str, Any]) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False  # ruamel's flow style leaves `:0` unquoted, which no reader accepts
    buffer = io.StringIO()
    yaml.dump(profile, buffer)
    return buffer.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(profiles(), min_size=1, max_size=5), st.booleans())
def test_cli_json_output_parses_with_one_result_per_file(batch: list[dict[str, Any]], chinese: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for n, profile in enumerate(batch):
            profile = to_chinese(profile) if chinese else profile
            # ids must be unique within a folder; a profile without one is known by its file name
            profile.setdefault("account", {})["id"] = f"acct-{n}"
            (Path(folder) / f"p{n}.yaml").write_text(_dump(profile), encoding="utf-8")
        run = CliRunner().invoke(app, ["qualify", folder, "--format", "json"])
        assert run.exit_code == 0, run.stderr
        doc = json.loads(run.stdout)
    assert doc["errors"] == []
    assert sorted(Path(r["file"]).name for r in doc["results"]) == sorted(f"p{n}.yaml" for n in range(len(batch)))
    assert doc["summary"] == {"files": len(batch), "scored": len(batch), "rejected": 0}
    for record, profile in zip(sorted(doc["results"], key=lambda r: r["file"]), batch, strict=True):
        assert record["risk"]["score"] == score(profile).risk.score
