"""A FREE account follows "Become PRIME to book" from a profile, buys 30 days of PRIME in the
sandbox's hosted page, sees itself PRIME without signing in again, then holds a slot and pays it."""

from __future__ import annotations

import re

from tests.e2e.test_hold_from_calendar import _model_open_daily


async def _pay_in_sandbox(page) -> None:
    await page.get_by_role("button", name="Sandbox (test)").click()
    async with page.context.expect_page() as popup_info:
        await page.get_by_role("link", name="Open the payment page").click()
    hosted = await popup_info.value
    await hosted.get_by_role("button", name=re.compile("pay", re.I)).first.click()
    await hosted.get_by_text("Payment sent").wait_for()
    await hosted.close()


async def test_free_buys_prime_and_books(page, sign_in, client, login):
    model_id = await _model_open_daily(client, await login("ADMIN"))
    await sign_in(page, "FREE", telegram_id=7_300_001, username="free_buyer")
    profile = page.url.split("#")[0] + f"#/models/{model_id}"
    await page.goto(profile)
    await page.get_by_role("link", name="Become PRIME to book").click()
    await page.wait_for_function("() => location.hash === '#/membership'")

    plan = page.get_by_test_id("plan-prime_30")
    await plan.get_by_text("19.99").wait_for()
    await plan.get_by_role("button", name="Buy 30 days").click()
    await _pay_in_sandbox(page)
    await page.get_by_text(re.compile("You are PRIME until")).wait_for()
    await page.get_by_test_id("who").filter(has_text="Prime").wait_for()

    await page.goto(profile)
    await page.locator("button.slot").first.click()
    await page.get_by_test_id("countdown").wait_for()
    await _pay_in_sandbox(page)
    await page.get_by_text("Confirmed! Your session is booked.").wait_for()
