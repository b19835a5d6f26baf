"""Runs scenarios/chat_two_clients.py in a loopback-only network namespace (see README)."""

from __future__ import annotations


async def test_chat_two_clients(run_scenario):
    report = await run_scenario("chat_two_clients")
    assert report["ana_saw"] >= 2 and report["ben_saw"] >= 2
