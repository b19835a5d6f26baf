"""Runs scenarios/booked_call_video.py in a loopback-only network namespace (`run_scenario`)."""

from __future__ import annotations


async def test_booked_call_video(run_scenario):
    report = await run_scenario("booked_call_video")
    assert min(report["frames"].values()) >= 15
