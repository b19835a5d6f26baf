"""Expands moderation/data/templates.json into synthetic.jsonl and minors.jsonl.

Run `python -m moderation.synthetic`; the output is deterministic (seeded) and committed.
"""

from __future__ import annotations

import itertools
import random
import re
import string
from pathlib import Path

import msgspec

from moderation.datasets import DATA_DIR, Example

FILLS_PER_TEMPLATE = 10
SEED = 20261127


class TemplateGroup(msgspec.Struct, frozen=True):
    name: str
    labels: dict[str, int]
    templates: list[str]


class Templates(msgspec.Struct, frozen=True):
    slots: dict[str, list[str]]
    groups: list[TemplateGroup]
    minors: list[TemplateGroup]


def slot_names(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def expand(group: TemplateGroup, slots: dict[str, list[str]]) -> list[Example]:
    """Seeded per group: adding a group leaves every other group's expansions as they were."""
    rng = random.Random(f"{SEED}:{group.name}")  # noqa: S311 - reproducible expansion, not secrets
    examples: list[Example] = []
    for index, template in enumerate(group.templates):
        names = slot_names(template)
        fills = list(itertools.product(*(slots[name] for name in names)))
        rng.shuffle(fills)
        texts: set[str] = set()
        for fill in fills[:FILLS_PER_TEMPLATE]:
            text = re.sub(r"\s+", " ", template.format(**dict(zip(names, fill, strict=True))))
            text = text.replace(" ,", ",").replace(" ?", "?").strip()
            if rng.random() < 0.3:
                text = text.lower()
            texts.add(text[0].upper() + text[1:] if rng.random() < 0.5 else text)
        examples += [Example(t, group.labels, "synthetic", f"{group.name}/{index}") for t in texts]
    return sorted(examples, key=lambda e: (e.group, e.text))


def write(path: Path, examples: list[Example]) -> None:
    path.write_bytes(b"".join(msgspec.json.encode(e) + b"\n" for e in examples))


def main() -> None:
    templates = msgspec.json.decode((DATA_DIR / "templates.json").read_bytes(), type=Templates)
    chat = [e for g in templates.groups for e in expand(g, templates.slots)]
    minors = [e for g in templates.minors for e in expand(g, templates.slots)]
    write(DATA_DIR / "synthetic.jsonl", chat)
    write(DATA_DIR / "minors.jsonl", minors)
    print(f"synthetic.jsonl: {len(chat)} examples, minors.jsonl: {len(minors)} examples")


if __name__ == "__main__":
    main()
