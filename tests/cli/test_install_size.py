"""The runtime install stays light: what `pip install kasales` brings, measured from the installed packages."""

from __future__ import annotations

import re
from importlib import metadata

from packaging.requirements import Requirement

LIMIT_MB = 40  # site-packages of a runtime install, pip and setuptools left out (issue 17; it was ~97 MB)
HEAVY = {"plotly", "narwhals", "pandas", "numpy"}  # chart and data-frame stacks the report does without


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def runtime_closure(root: str = "kasales") -> dict[str, metadata.Distribution]:
    """Every distribution a plain install of ``root`` pulls in (extras and other platforms' markers left out)."""
    found: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = _name(todo.pop())
        if name in found or name in ("pip", "setuptools"):
            continue
        dist = metadata.distribution(name)
        found[name] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return found


def installed_bytes(dist: metadata.Distribution) -> int:
    """Bytes of the files a distribution installed (its RECORD: code, compiled bytecode, data, metadata)."""
    total = 0
    for file in dist.files or []:
        path = file.locate()
        if path.is_file():
            total += path.stat().st_size
    return total


def package_bytes() -> int:
    """Bytes of kasales's own package folder (an editable install records none of its files)."""
    from pathlib import Path

    import kasales

    return sum(p.stat().st_size for p in Path(kasales.__file__).parent.rglob("*") if p.is_file())


def test_runtime_install_is_under_40_mb_and_has_no_chart_library() -> None:
    closure = runtime_closure()
    assert not HEAVY & set(closure), sorted(HEAVY & set(closure))
    assert {"typer", "rich", "pydantic", "ruamel-yaml", "jinja2"} <= set(closure)
    sizes = {name: installed_bytes(dist) for name, dist in closure.items() if name != "kasales"}
    sizes["kasales"] = package_bytes()
    total = sum(sizes.values()) / 1e6
    assert total <= LIMIT_MB, sorted(sizes.items(), key=lambda item: -item[1])


def test_pyproject_asks_for_no_chart_library() -> None:
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    names = {_name(Requirement(r).name) for r in project["project"]["dependencies"]}
    assert not HEAVY & names
