"""The layers of docs/architecture.md hold: core/ imports none of ours; realtime/, media/ and
moderation/ import core/ (realtime also moderation/) and never app/. Checked twice: every import
statement in the source (also inside functions and `if TYPE_CHECKING`), and every submodule
imported in a fresh interpreter, where nothing of app/ may load."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"app", "core", "realtime", "media", "moderation"}
MAY_IMPORT = {
    "core": {"core"},
    "moderation": {"core", "moderation"},
    "media": {"core", "media"},
    "realtime": {"core", "moderation", "realtime"},
}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & OURS


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_layer_imports_only_what_lies_below(layer: str) -> None:
    wrong = {str(path.relative_to(ROOT)): sorted(imported_packages(path) - MAY_IMPORT[layer])
             for path in sorted((ROOT / layer).rglob("*.py"))}
    assert {module: packages for module, packages in wrong.items() if packages} == {}


_PROBE = """
import importlib, json, pkgutil, sys
for package in sys.argv[1:]:
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(info.name)
print(json.dumps(sorted(m for m in sys.modules if m == "app" or m.startswith("app."))))
"""


def test_libraries_load_without_the_app() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE, "core", "realtime", "media", "moderation"],  # noqa: S603
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
