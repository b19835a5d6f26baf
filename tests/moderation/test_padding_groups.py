"""Encoder runs: chunks of one length share a run, an outlier length does not pad the rest."""

from moderation.encoder import MAX_GROUP_ROWS, padding_groups


def test_equal_lengths_share_one_run_up_to_its_row_bound():
    assert padding_groups([9] * MAX_GROUP_ROWS) == [(0, MAX_GROUP_ROWS)]
    assert padding_groups([9] * (MAX_GROUP_ROWS + 1)) != [(0, MAX_GROUP_ROWS + 1)]


def test_a_long_chunk_is_run_apart_from_short_ones():
    assert padding_groups([7] * 12 + [120]) == [(0, 12), (12, 13)]


def test_groups_cover_every_chunk_in_order_and_stay_bounded():
    lengths = sorted([5, 6, 6, 7, 9, 11, 12, 12, 14, 17, 18, 24, 31, 40, 64, 128] * 10 + [9] * 40)
    groups = padding_groups(lengths)
    assert [i for first, end in groups for i in range(first, end)] == list(range(len(lengths)))
    assert all(end - first <= MAX_GROUP_ROWS for first, end in groups)
    assert padding_groups([]) == []
