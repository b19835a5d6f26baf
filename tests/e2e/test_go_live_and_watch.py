"""Runs scenarios/go_live_and_watch.py in a loopback-only network namespace (see README)."""

from __future__ import annotations


async def test_go_live_and_watch(run_scenario):
    report = await run_scenario("go_live_and_watch")
    assert report["frames"] >= 15 and report["viewers"] >= 1
