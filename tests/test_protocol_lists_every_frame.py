"""docs/protocol.md shows every WebSocket frame with every field, and nothing else: its JSON
examples are decoded with the frame structs found anywhere in the code (any msgspec Struct class
with `tag=`), so a frame, a field or a direction added on one side only fails here."""

from __future__ import annotations

import ast
import importlib
import json
import re
import typing
from pathlib import Path

import msgspec

from realtime import frames

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "core", "realtime", "media", "moderation")


def tagged_structs() -> set[type]:
    """Every class statement with a `tag=` keyword in the packages, as the imported class."""
    found: set[type] = set()
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = None
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ClassDef) and any(k.arg == "tag" for k in node.keywords):
                    module = module or importlib.import_module(
                        ".".join(path.relative_to(ROOT).with_suffix("").parts))
                    found.add(getattr(module, node.name))
    return found


def examples(protocol: str, heading: str) -> list[dict[str, typing.Any]]:
    """The JSON objects of the first ```json block under `## heading`."""
    match = re.search(rf"^## {re.escape(heading)}\n.*?```json\n(.*?)```", protocol, re.M | re.S)
    assert match, f"no JSON examples under '## {heading}'"
    block, decoder, found = match[1].strip(), json.JSONDecoder(), []
    while block:
        value, end = decoder.raw_decode(block)
        found.append(value)
        block = block[end:].lstrip()
    return found


def tag(struct: type) -> str:
    return str(struct.__struct_config__.tag)  # type: ignore[attr-defined]


def test_every_tagged_struct_is_a_client_or_server_frame() -> None:
    unions = set(typing.get_args(frames.ClientFrame)) | set(typing.get_args(frames.ServerFrame))
    stray = tagged_structs() - unions
    assert not stray, f"tagged structs in neither frame union: {sorted(map(tag, stray))}"


def test_protocol_shows_every_frame_with_every_field() -> None:
    protocol = (ROOT / "docs/protocol.md").read_text()
    for heading, union in (("Client → server", frames.ClientFrame), ("Server → client", frames.ServerFrame)):
        decoder = msgspec.json.Decoder(union)
        shown: dict[str, set[str]] = {}
        for example in examples(protocol, heading):
            decoder.decode(json.dumps(example))  # a field or frame the code does not have fails here
            shown.setdefault(example["type"], set()).update(set(example) - {"type"})
        defined = {tag(s): set(s.__struct_fields__) for s in typing.get_args(union)}
        assert shown.keys() == defined.keys(), f"{heading}: shown {sorted(shown)}, defined {sorted(defined)}"
        for name, fields in defined.items():
            assert shown[name] == fields, f"{heading}: `{name}` leaves out {sorted(fields - shown[name])}"
