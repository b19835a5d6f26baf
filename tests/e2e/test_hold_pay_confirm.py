"""Runs scenarios/hold_pay_confirm.py in a loopback-only network namespace (`run_scenario`)."""

from __future__ import annotations


async def test_hold_pay_confirm(run_scenario):
    report = await run_scenario("hold_pay_confirm")
    assert report["url"].endswith(tuple("0123456789"))
