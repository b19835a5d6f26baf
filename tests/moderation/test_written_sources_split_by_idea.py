"""Rows written for this project label every code, and variants of one idea share a split."""

from moderation.categories import CATEGORIES
from moderation.datasets import WRITTEN, written

CODES = {*CATEGORIES, "MINORS"} - {"S3"}


def test_every_written_row_labels_every_code_and_never_sexual_with_minors():
    rows = [row for folder in WRITTEN for row in written(folder)]
    assert len(rows) > 500
    for row in rows:
        assert set(row.labels) == CODES, row.text
        assert not (row.labels["S"] and row.labels["MINORS"]), row.text
        assert row.labels["V"] >= row.labels["V2"] and row.labels["H"] >= row.labels["H2"]


def test_variants_of_one_idea_land_in_one_split():
    splits: dict[str, set[str]] = {}
    for folder in WRITTEN:
        for row in written(folder):
            if row.group:
                splits.setdefault(row.group.rsplit("/", 1)[0], set()).add(row.split())
    assert all(len(s) == 1 for s in splits.values())
