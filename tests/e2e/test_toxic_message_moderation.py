"""Runs scenarios/toxic_message_moderation.py in a loopback-only network namespace."""

from __future__ import annotations


async def test_toxic_message_moderation(run_scenario):
    report = await run_scenario("toxic_message_moderation")
    assert "breaks the chat rules" in report["explanation"]
    assert report["review_status"] == "upheld"
