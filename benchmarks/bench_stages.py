"""Where `qualify --format json` spends its CPU per profile: parse, validate, score, record, encode.

    python benchmarks/bench_stages.py [--size 1000] [--rounds 3] [--folder DIR] [--profile]

Generates N profiles (benchmarks/generate.py, fixed seed) unless --folder names some, reads every file once,
then times each stage of the per-file work in this one process with CPU time (time.process_time, so other
programs on a shared machine count far less than in wall time), each stage over every file, for a few rounds,
and prints the median per profile in microseconds. As in a worker process, whose parent froze its objects
before forking, what is alive before a stage is frozen out of garbage collection (gc.freeze).

- floor:    PyYAML's C loader (CSafeLoader) on the same texts: what bench.py's CPU goal is measured against;
- parse:    kasales's safe YAML reader (io/yamlsafe.parse);
- validate: the pydantic Profile model over the parsed data;
- score:    core.scoring.qualify (the engine);
- record:   the JSON record (render/records.result_record, English, no personal notes);
- encode:   the record as one line of JSON, as a worker encodes it for a pipe or a file;
- file by file: the floor with reading each file, and kasales's whole per-file work (io/batch.score_file
  with the JSON record as its finishing step), one file after another as a worker does them.

The last line is the in-process view of bench.py's goal "qualify json CPU <= 1.5x the PyYAML floor"; start-up,
the worker pool and the parent writing the document are not in it (bench.py measures the whole run).
--profile prints the top of cProfile for validate + score + record + encode.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # sibling of this script

TODAY = "2026-11-29"
FILE_FLOOR = "file by file: read + PyYAML floor"
FILE_WORKER = "file by file: kasales, as a worker"


def timed(stage: Callable[[Any], Any], items: list[Any], rounds: int) -> tuple[float, list[Any]]:
    """Median CPU microseconds per item of ``stage`` over ``rounds`` rounds, and its outputs of the last round."""
    per_item = []
    out: list[Any] = []
    for _ in range(rounds):
        out = []
        # As in a worker, whose parent froze everything before it forked: what is alive before the stage
        # (modules, the rubric, every earlier stage's output here) is left out of garbage collection.
        gc.collect()
        gc.freeze()
        start = time.process_time()
        out = [stage(item) for item in items]
        per_item.append((time.process_time() - start) / len(items) * 1e6)
    return statistics.median(per_item), out


def stages(folder: Path, rounds: int) -> dict[str, float]:
    """CPU microseconds per profile of each stage over the profiles in ``folder``."""
    import datetime as dt

    import yaml

    from kasales.core.models import Profile
    from kasales.core.scoring import qualify
    from kasales.io.batch import Job, score_file
    from kasales.io.rubrics import default_rubric
    from kasales.io.yamlsafe import parse
    from kasales.render.json_format import _encode as encode  # what a worker encodes a record with
    from kasales.render.json_format import record_text
    from kasales.render.records import result_record

    rubric = default_rubric()
    today = dt.date.fromisoformat(TODAY)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    names = [str(p) for p in files]
    out: dict[str, float] = {}
    out["floor: PyYAML CSafeLoader"], _ = timed(lambda t: yaml.load(t, Loader=yaml.CSafeLoader), texts, rounds)
    out["parse"], data = timed(parse, texts, rounds)
    out["validate"], profiles = timed(Profile.model_validate, data, rounds)
    pairs = list(zip(profiles, names, strict=True))
    out["score"], results = timed(lambda pair: qualify(pair[0], pair[1], rubric, today), pairs, rounds)
    out["record"], records = timed(lambda r: result_record(r, rubric, "en", False), results, rounds)
    out["encode"], _ = timed(lambda r: encode({**r, "gate_failures": []}, False), records, rounds)
    # the worker's finishing step as one call, a check that record + encode add up to what a worker does
    out["(record + encode, as a worker)"], _ = timed(lambda r: record_text(r, (), rubric), results, rounds)
    # File by file, as bench.py's floor script and a worker go: read, then every stage, then the next file.
    # Each stage then starts with the caches the others left, so this costs more than the stages' sum.
    job = Job(rubric, today, finish=partial(record_text, rubric=rubric))
    out[FILE_FLOOR], _ = timed(lambda p: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader), files,
                               rounds)
    out[FILE_WORKER], _ = timed(partial(score_file, job), files, rounds)
    return out


def profile(folder: Path) -> None:
    """cProfile of validate + score + record + encode over the folder, top 30 by own time."""
    import cProfile
    import datetime as dt
    import pstats

    from kasales.core.models import Profile
    from kasales.core.scoring import qualify
    from kasales.io.rubrics import default_rubric
    from kasales.io.yamlsafe import parse
    from kasales.render.json_format import record_text

    rubric = default_rubric()
    today = dt.date.fromisoformat(TODAY)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    data = [(parse(p.read_text(encoding="utf-8")), str(p)) for p in files]

    def work() -> None:
        for raw, name in data:
            record_text(qualify(Profile.model_validate(raw), name, rubric, today), (), rubric)

    prof = cProfile.Profile()
    prof.runcall(work)
    pstats.Stats(prof).sort_stats("tottime").print_stats(30)


def main() -> int:
    """Generate or find the profiles, time every stage, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="profiles to generate (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per stage; the median is shown (default 3)")
    parser.add_argument("--folder", type=Path, help="time these profiles instead of generated ones")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions as well")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kasales-stages-") as tmp:
        folder = args.folder or Path(tmp) / "profiles"
        if args.folder is None:
            generate(folder, args.size)
        if args.profile:
            profile(folder)
        figures = stages(folder, max(1, args.rounds))
    floor = figures["floor: PyYAML CSafeLoader"]
    print(f"CPU per profile, median of {args.rounds} round(s), microseconds (one process, time.process_time)")
    for name, value in figures.items():
        if name not in (FILE_FLOOR, FILE_WORKER):
            print(f"  {name:<34} {value:8.0f}   {value / floor:5.2f}x floor")
    beside = sum(figures[k] for k in ("validate", "score", "record", "encode"))
    print(f"  {'parse + validate + ... + encode':<34} {figures['parse'] + beside:8.0f}   "
          f"{(figures['parse'] + beside) / floor:5.2f}x floor")
    print(f"\nbeside the parse (validate + score + record + encode): {beside:.0f} us = "
          f"{beside / figures['parse']:.2f}x the parse")
    print(f"file by file (read, every stage, the JSON line), as a worker: {figures[FILE_WORKER]:.0f} us = "
          f"{figures[FILE_WORKER] / figures[FILE_FLOOR]:.2f}x reading and loading with PyYAML "
          "(bench.py's CPU goal adds start-up and the parent: <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
