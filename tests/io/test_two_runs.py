"""Two runs in one process share nothing: each stream scores with its own rubric, day and language."""

from __future__ import annotations

import datetime as dt
import json
from functools import partial
from pathlib import Path

from conftest import PROFILES

from kasales.io.batch import stream_batch
from kasales.io.rubrics import default_rubric
from kasales.render import json_format


def test_two_live_streams_interleaved_keep_their_own_job() -> None:
    rubric = default_rubric()
    files = sorted(Path(PROFILES).glob("*.yaml"))[:4]
    english = partial(json_format.record_text, rubric=rubric, lang="en")
    chinese = partial(json_format.record_text, rubric=rubric, lang="zh")
    # two days far apart: one of them makes every profile stale, the other none
    _, en_stream = stream_batch(files, rubric, dt.date(2026, 12, 1), finish=english)
    _, zh_stream = stream_batch(files, rubric, dt.date(2031, 1, 1), finish=chinese)
    en_records, zh_records = [], []
    for en_text, zh_text in zip(en_stream, zh_stream, strict=True):  # one item of each, in turn
        en_records.append(json.loads(en_text))
        zh_records.append(json.loads(zh_text))
    assert len(en_records) == len(files)
    for en, zh in zip(en_records, zh_records, strict=True):
        assert en["account"]["id"] == zh["account"]["id"]
        # each record came from its own stream's finish: labels in its own language
        assert en["man"]["action_text"] != zh["man"]["action_text"]
        # ... and scored as of its own day: in 2031 every profile is stale, on 2026-12-01 a fresh one is not
        assert "stale" in [f["key"] for f in zh["flags"]]
        fresh = en["account"]["updated"] is not None and en["account"]["updated"] > "2026-09-10"
        assert ("stale" in [f["key"] for f in en["flags"]]) != fresh
