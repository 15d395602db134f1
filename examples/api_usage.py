"""Use kasales from Python: score every profile in a folder and print its verdict and risk score.

Run: python examples/api_usage.py profiles/
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from kasales import KasalesError, default_rubric, load_profile, problem_line, qualify


def main(folder: str) -> int:
    """Print one line per account; invalid files are reported on stderr. Returns the exit code."""
    rubric = default_rubric()
    today = dt.date.today()  # the library never reads the clock: the caller says what day it is
    code = 0
    for path in sorted(p for p in Path(folder).rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()):
        try:
            profile = load_profile(path)
        except KasalesError as err:  # every problem of the file, each with its line and column
            for problem in err.problems:
                print(problem_line(problem, "en"), file=sys.stderr)  # problems are data; words at the edge
            code = 2
            continue
        result = qualify(profile, path, rubric, today)
        # the score may be None (nothing scored yet): "score 95.0 · low risk", never "risk 95.0"
        score = "  -  " if result.risk.score is None else f"{result.risk.score:5.1f}"
        print(f"{result.account.id:<26} {result.verdict:<10} score {score} · {result.risk.level + ' risk':<15} "
              f"MAN={result.man.code}  {result.account.name}")
    return code


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python api_usage.py FOLDER")
    sys.exit(main(sys.argv[1]))
