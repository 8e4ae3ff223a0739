"""The layers hold (import-linter's contracts in pyproject.toml, run here) and the package
has no import circle; a core module that imported Textual or the locale would fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from tests.conftest import REPO

LINT = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if pythonpath is not None:  # put a copy of the package before the installed one
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_layer_contracts_are_kept():
    p = _lint(REPO)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    assert "0 broken" in p.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("core/stats.py", "import textual", "The core is pure"),
    ("core/ranking.py", "from chooser.text.i18n import _", "Layers"),
    ("core/evidence.py", "import babel", "The core is pure"),
    ("geo/locate.py", "from chooser.cli import common", "Layers"),
    ("sources/table.py", "import textual.widgets", "Nothing below"),
    ("storage/store.py", "import httpx", "Only update/"),
])
def test_a_crossing_import_breaks_a_contract(tmp_path, module, line, contract):
    shutil.copytree(REPO / "chooser", tmp_path / "chooser",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "chooser" / module
    text = target.read_text(encoding="utf-8")
    # after the docstring and `from __future__`, as a real edit would put it
    at = text.index("from __future__ import annotations\n") + len(
        "from __future__ import annotations\n")
    target.write_text(text[:at] + line + "\n" + text[at:], encoding="utf-8")
    p = _lint(tmp_path, pythonpath=tmp_path)
    assert p.returncode != 0, p.stdout[-2000:]
    broken = p.stdout[p.stdout.index("Broken contracts"):]
    assert contract in broken


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of chooser's modules (Tarjan), of two or more."""
    modules = sorted(m for m in graph.modules if m.startswith("chooser"))
    edges = {m: sorted(x for x in graph.find_modules_directly_imported_by(m)
                       if x.startswith("chooser")) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for m in modules:
        if m not in index:
            visit(m)
    return found


def test_no_import_circle_even_for_type_checking():
    # type-checking imports count too: a circle there is one a refactor makes real
    graph = grimp.build_graph("chooser", exclude_type_checking_imports=False)
    assert _circles(graph) == []


def test_only_the_package_face_sits_at_the_top():
    top = sorted(p.name for p in (REPO / "chooser").iterdir()
                 if p.is_file() and p.suffix == ".py")
    assert top == ["__init__.py", "__main__.py"]
