"""Runs scenarios/live_show_video.py in a loopback-only network namespace (`run_scenario`)."""

from __future__ import annotations


async def test_live_show_video(run_scenario):
    report = await run_scenario("live_show_video")
    assert min(report["frames"].values()) >= 15
