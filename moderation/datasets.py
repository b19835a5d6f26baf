"""Readers for ../shared/datasets/ and moderation/data/, mapped to the 8 categories.

Every row carries only the labels its source can vouch for; a missing code means unknown
and that row is left out of that category's training and evaluation. The mapping is the one
in each SOURCE.md, with the extensions listed in MODEL_CARD.md.
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import msgspec

from moderation.categories import normalize

SPLIT_SEED = "pnp-moderation-split-v1"
DAVIDSON_OFFENSIVE_SAMPLE = 7000
DATA_DIR = Path(__file__).parent / "data"
# Licences (MODEL_CARD.md, "Data and licences"): ETHOS is GPL-3.0, whose copyleft would reach
# the committed head weights if they are a work based on it; the shipped heads never see it.
NOT_TRAINED_ON = frozenset({"ethos"})
# Profanity, abuse of things and talk about groups that targets nobody: harassment negatives.
HATECHECK_NOT_HARASSMENT = (
    "target_obj_nh", "profanity_nh", "ident_neutral_nh", "ident_pos_nh", "negate_neg_nh",
)

# Folders of data/ whose rows label every code (each has a SOURCE.md).
WRITTEN = ("redteam", "surge", "authored")

csv.field_size_limit(1 << 24)


class Example(msgspec.Struct, frozen=True):
    text: str
    labels: dict[str, int]
    source: str
    group: str = ""

    def split(self) -> str:
        """Deterministic seeded split by group (the text itself for public rows, the
        template for synthetic ones: templates 3, 13, ... go to val and 4, 14, ... to test, so
        held-out templates are never seen in training)."""
        if self.group:
            return {3: "val", 4: "test"}.get(int(self.group.rsplit("/", 1)[1]) % 10, "train")
        key = f"{SPLIT_SEED}:{self.text.lower()}".encode()
        bucket = int.from_bytes(hashlib.sha256(key).digest()[:4], "big") % 100
        return "train" if bucket < 80 else "val" if bucket < 90 else "test"


def datasets_dir() -> Path:
    if env := os.environ.get("PNP_DATASETS_DIR"):
        return Path(env)
    for candidate in (Path("/work/shared/datasets"), Path(__file__).parents[2] / "shared/datasets"):
        if candidate.is_dir():
            return candidate
    return Path("../shared/datasets")


def zeros(*codes: str) -> dict[str, int]:
    return dict.fromkeys(codes, 0)


def _rows(
    path: Path, delimiter: str = ",", quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL
) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter, quoting=quoting)


def _vote(cell: str | None) -> int | None:
    if cell is None or not cell.strip():
        return None
    return int(float(cell.split(",")[0]))


def convabuse(root: Path) -> Iterator[Example]:
    hate_types = ("ableist", "homophobic", "racist", "sexist", "transphobic")
    for split in ("train", "valid", "test"):
        for row in _rows(root / f"convabuse/ConvAbuseEMNLP{split}.csv"):
            abusive = clean = 0
            sexual = personal = hateful = 0
            for n in range(1, 9):
                if _vote(row.get(f"Annotator{n}_is_abuse.1")) is None:
                    continue
                if any(_vote(row.get(f"Annotator{n}_is_abuse.{k}")) for k in ("-1", "-2", "-3")):
                    abusive += 1
                    sex = bool(_vote(row.get(f"Annotator{n}_sex_harassment")))
                    sexual += sex
                    # target.system is the agent the user is talking to: the reader of the chat.
                    personal += sex or any(
                        _vote(row.get(f"Annotator{n}_target.{t}")) for t in ("individual", "system")
                    )
                    hateful += any(_vote(row.get(f"Annotator{n}_{t}")) for t in hate_types)
                elif _vote(row.get(f"Annotator{n}_is_abuse.1")):
                    clean += 1
            voters = abusive + clean + 0.0
            text = normalize(row["user"])
            if not text or voters == 0:
                continue
            if abusive / voters > 0.5:
                labels = {
                    "S": int(sexual * 2 >= abusive),
                    "H": int(hateful * 2 >= abusive),
                    "SH": 0,
                }
                if personal * 2 >= abusive:
                    labels["HR"] = 1
            elif clean / voters > 0.5:
                labels = zeros("S", "H", "V", "HR", "SH", "H2", "V2")
            else:
                continue
            yield Example(text, labels, "convabuse")


def davidson(root: Path) -> Iterator[Example]:
    offensive: list[Example] = []
    for row in _rows(root / "davidson-hate-offensive/labeled_data.csv"):
        text = normalize(row["tweet"])
        if not text:
            continue
        if row["class"] == "0":
            yield Example(text, {"H": 1, "SH": 0}, "davidson")
        elif row["class"] == "1":
            offensive.append(Example(text, zeros("H", "H2", "SH"), "davidson"))
        else:
            yield Example(text, zeros("S", "V", "HR", "SH", "H", "H2", "V2"), "davidson")
    sampler = random.Random(SPLIT_SEED)  # noqa: S311 - reproducible sampling, not secrets
    yield from sampler.sample(offensive, DAVIDSON_OFFENSIVE_SAMPLE)


def hatecheck(root: Path) -> Iterator[Example]:
    for row in _rows(root / "hatecheck/test_suite_cases.csv"):
        text = normalize(row["test_case"])
        function = row["functionality"]
        labels = zeros("S", "SH")
        if function in ("threat_dir_h", "threat_norm_h"):
            labels |= {"H": 1, "H2": 1, "V": 1}
        elif row["label_gold"] == "hateful":
            labels |= {"H": 1, "H2": 0, "V": 0}
        elif function in ("counter_quote_nh", "counter_ref_nh"):
            labels |= {"H": 0, "H2": 0}
        elif function == "target_indiv_nh":
            # Abuse of one person, threats included ("I am going to shoot you."): V unknown.
            labels |= {"H": 0, "H2": 0, "HR": 1}
        elif function in HATECHECK_NOT_HARASSMENT:
            labels |= {"H": 0, "H2": 0, "V": 0, "HR": 0}
        else:
            labels |= {"H": 0, "H2": 0, "V": 0}
        yield Example(text, labels, "hatecheck")


def ethos(root: Path) -> Iterator[Example]:
    violent = {
        normalize(row["comment"]): float(row["violence"]) >= 0.5
        for row in _rows(root / "ethos/Ethos_Dataset_Multi_Label.csv", delimiter=";")
    }
    for row in _rows(root / "ethos/Ethos_Dataset_Binary.csv", delimiter=";"):
        text = normalize(row["comment"])
        labels = zeros("S", "SH")
        if float(row["isHate"]) >= 0.5:
            labels["H"] = 1
            if text in violent:
                labels["V"] = labels["H2"] = int(violent[text])
        else:
            labels |= {"H": 0, "H2": 0}
        yield Example(text, labels, "ethos")


def olid(root: Path) -> Iterator[Example]:
    path = root / "olid/olid-training-v1.0.tsv"
    for row in _rows(path, delimiter="\t", quoting=csv.QUOTE_NONE):
        text = normalize(row["tweet"])
        if not text:
            continue
        if row["subtask_a"] == "NOT":
            labels = zeros("H", "HR", "V", "H2", "SH")
        elif row["subtask_b"] == "UNT":
            labels = zeros("HR", "SH")
        elif row["subtask_c"] == "IND":
            labels = {"HR": 1, "SH": 0}
        elif row["subtask_c"] == "OTH":
            labels = zeros("HR", "SH")  # an organisation, event or issue: not a person
        else:
            labels = zeros("SH")
        yield Example(text, labels, "olid")


def suicide(root: Path) -> Iterator[Example]:
    for row in _rows(root / "suicidal-tweets-hosam/twitter-suicidal_data.csv"):
        text = normalize(row["tweet"])
        if text:
            yield Example(text, {"SH": int(row["intention"]), "S": 0, "H2": 0}, "suicidal-tweets")
    path = root / "suicide-ideation-tweets/Suicide_Ideation_Dataset(Twitter-based).csv"
    for row in _rows(path):
        text = normalize(row["Tweet"])
        if text:
            positive = int(row["Suicide"].strip() == "Potential Suicide post")
            yield Example(text, {"SH": positive, "S": 0, "H2": 0}, "suicide-ideation")


def synthetic() -> Iterator[Example]:
    decoder = msgspec.json.Decoder(Example)
    with (DATA_DIR / "synthetic.jsonl").open("rb") as handle:
        for line in handle:
            yield decoder.decode(line)


def written(folder: str) -> Iterator[Example]:
    """Rows committed under data/<folder>/ (SOURCE.md there), every code labelled. Rows that
    vary one idea share a group name ("story-ambush/7"): the split hashes the name without its
    number, so one idea never sits on both sides of train and test."""
    decoder = msgspec.json.Decoder(Example)
    for path in sorted((DATA_DIR / folder).glob("*.jsonl")):
        with path.open("rb") as handle:
            for line in handle:
                example = decoder.decode(line)
                if example.group:
                    idea = example.group.rsplit("/", 1)[0]
                    number = int.from_bytes(hashlib.sha256(idea.encode()).digest()[:4], "big")
                    example = msgspec.structs.replace(example, group=f"{idea}/{number}")
                yield example


def minors() -> Iterator[Example]:
    decoder = msgspec.json.Decoder(Example)
    with (DATA_DIR / "minors.jsonl").open("rb") as handle:
        for line in handle:
            yield decoder.decode(line)


def frozen(root: Path | None = None) -> list[Example]:
    """The foreign-genre evaluation set: prompts to an AI assistant (data/frozen/SOURCE.md).
    Evaluation only: nothing that trains or calibrates a head reads it."""
    root = root or datasets_dir()
    decoder = msgspec.json.Decoder(Example)
    examples = []
    for name in ("xstest", "simplesafetytests"):
        with (DATA_DIR / "frozen" / f"{name}.jsonl").open("rb") as handle:
            examples += [decoder.decode(line) for line in handle]
    with (root / "ailuminate-demo/prompts.jsonl").open("rb") as handle:
        for line in handle:
            row = msgspec.json.decode(line)
            examples.append(Example(row["text"], row["labels"], "ailuminate-demo", row["hazard"]))
    return examples


def load_all(root: Path | None = None) -> list[Example]:
    """Every labelled example, deduplicated by lower-cased text (first label set wins).
    Training leaves out the sources in NOT_TRAINED_ON; evaluation scores them all."""
    root = root or datasets_dir()
    seen: set[str] = set()
    examples: list[Example] = []
    readers = (convabuse, davidson, hatecheck, ethos, olid, suicide)
    streams = [reader(root) for reader in readers] + [synthetic()]
    streams += [written(folder) for folder in WRITTEN]
    for stream in streams:
        for example in stream:
            key = example.text.lower()
            if key not in seen:
                seen.add(key)
                examples.append(example)
    return examples


def trainable(examples: list[Example], excluded: frozenset[str] = NOT_TRAINED_ON) -> list[Example]:
    return [e for e in examples if e.source not in excluded]
