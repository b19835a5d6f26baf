"""Runs scenarios/go_live_while_loading.py in a loopback-only network namespace (`run_scenario`)."""

from __future__ import annotations


async def test_go_live_pressed_while_the_studio_loads(run_scenario):
    report = await run_scenario("go_live_while_loading")
    assert report["status"] == "You are live."
    assert report["shown_before_data"] is False
