"""The docs say what the code does: each check derives its list from the code and fails when a
doc (README, docs/architecture.md) stops matching it; docs/protocol.md has its own
tests/test_protocol_lists_every_frame.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def section(text: str, heading: str) -> str:
    """The body of `## heading` up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def markdown_targets(text: str) -> list[str]:
    return [target.split("#")[0] for target in re.findall(r"\]\(([^)\s]+)\)", text)]


def test_readme_and_architecture_point_only_inside_the_repository() -> None:
    top_level = {p.name for p in ROOT.iterdir()}
    for doc in (ROOT / "README.md", ROOT / "docs/architecture.md"):
        text = doc.read_text()
        assert "../" not in text, f"{doc.name} points above the repository"
        for target in markdown_targets(text):
            assert not re.match(r"\w+:", target), f"{doc.name} links out: {target}"
            path = (doc.parent / target).resolve()
            assert path.is_relative_to(ROOT) and path.exists(), f"{doc.name}: {target} is outside the repo"
        for named in re.findall(r"`([\w./-]+/[\w.-]+\.(?:md|py|sql|json|js|css|html))`", text):
            if named.split("/")[0] in top_level:
                assert (ROOT / named).exists(), f"{doc.name} names {named}, which does not exist"


def test_readme_links_the_architecture() -> None:
    assert "docs/architecture.md" in markdown_targets((ROOT / "README.md").read_text())


def test_no_not_available_yet_shim_in_the_browser_app() -> None:
    for path in (ROOT / "app/static").rglob("*"):
        if path.suffix in (".js", ".json", ".html", ".css"):
            text = path.read_text()
            for shim in ("not available yet", "notavailable", "error.not_available"):
                assert shim not in text.lower(), f"{path.relative_to(ROOT)} still has {shim!r}"


def test_architecture_names_every_app_domain() -> None:
    table = section((ROOT / "docs/architecture.md").read_text(), "Domains under app/")
    listed = set(re.findall(r"^\| `(\w+)`", table, re.M))
    assert listed == {p.parent.name for p in (ROOT / "app").glob("*/__init__.py")}


def test_readme_names_every_namespace_scenario() -> None:
    scripts = {p.stem for p in (ROOT / "tests/e2e/scenarios").glob("*.py")
               if re.search(r"^run\(scenario\)$", p.read_text(), re.M)}
    started = {name for p in (ROOT / "tests/e2e").glob("test_*.py")
               for name in re.findall(r'run_scenario\("(\w+)"\)', p.read_text())}
    assert scripts == started, "every scenario script has its one-line test"
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"The (\w+) [\w ,]*journeys\s*\(([^)]*)\)", readme)
    assert match, "README names the namespace scenarios"
    assert NUMBERS[match[1]] == len(scripts)
    assert set(re.findall(r"`(\w+)`", match[2])) == scripts


def test_readme_counts_the_browser_tests() -> None:
    claimed = re.search(r"pytest tests/e2e -q\s+# (\d+) tests", (ROOT / "README.md").read_text())
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/e2e"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120).stdout
    count = re.search(r"^(\d+) tests? collected", collected, re.M)
    assert claimed and count and int(claimed[1]) == int(count[1])
