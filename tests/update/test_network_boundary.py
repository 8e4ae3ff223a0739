"""Only `chooser update` touches the network: the app, the kiosk and every other command
never fetch on their own (issue: live data, point 5). Checked on the source, so a new
import anywhere else fails here."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import REPO

NETWORK = {"httpx", "urllib.request", "http.client", "socket", "chooser.update.fetch",
           "chooser.update.run", "chooser.cli.update"}
ALLOWED = {  # module → what it may import of NETWORK
    "chooser/update/fetch.py": {"httpx"},
    "chooser/update/run.py": {"chooser.update.fetch"},
    "chooser/update/afsearch.py": {"chooser.update.fetch"},
    "chooser/cli/update.py": {"chooser.update.run"},
    "chooser/cli/main.py": set(),  # reaches cli/update.py by name, only for `chooser update`
}


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def test_only_the_updater_imports_network_code():
    offenders = {}
    for path in sorted((REPO / "chooser").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        bad = {m for m in _imports(path) if m in NETWORK} - ALLOWED.get(rel, set())
        if bad:
            offenders[rel] = sorted(bad)
    assert not offenders, offenders


def test_commands_other_than_update_do_not_load_httpx():
    code = ("import sys; from chooser.cli.main import main; "
            "main(['info', '--json']); main(['rank', '--demo', '--place', 'Falun']); "
            "main(['places', 'Ludvika']); "
            "assert 'httpx' not in sys.modules and 'chooser.update.fetch' not in sys.modules")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert p.returncode == 0, p.stderr
