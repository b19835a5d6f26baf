"""A client writes to support; an admin answers in the browser; the client reads the answer."""

from __future__ import annotations


async def test_ticket_opened_answered_and_read(page, sign_in):
    await sign_in(page, "FREE", telegram_id=3101)
    await page.get_by_role("link", name="Support").click()
    await page.get_by_label("Subject").fill("Cannot find my receipt")
    await page.get_by_label("Message").fill("Where do I download the receipt of booking 12?")
    await page.get_by_role("button", name="Send", exact=True).click()
    await page.get_by_text("Sent. We will answer here").wait_for()
    await page.locator(".tickets").get_by_text("Cannot find my receipt").wait_for()

    await sign_in(page, "ADMIN", telegram_id=3102)
    await page.get_by_role("link", name="Tickets").click()
    answer = page.get_by_label("Answer to Cannot find my receipt")
    await answer.fill("Open the booking and press Print receipt.")
    await page.get_by_role("button", name="Send answer").click()
    await page.locator(".tickets").get_by_text("answered").wait_for()

    await sign_in(page, "FREE", telegram_id=3101)
    await page.get_by_role("link", name="Support").click()
    await page.get_by_text("Open the booking and press Print receipt.").wait_for()
