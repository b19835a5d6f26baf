"""A client in New York sees a Madrid model's hours in New York time, holds a slot from the
calendar, watches the hold's countdown, downloads its calendar file, and cancels it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

MADRID, NEW_YORK = ZoneInfo("Europe/Madrid"), ZoneInfo("America/New_York")


async def _model_open_daily(client, admin) -> int:
    model = (await client.post("/api/admin/models", headers=admin, json={
        "display_name": "Madrid Marta", "timezone": "Europe/Madrid", "bio": "Hola.",
        "prices": [{"duration_minutes": 30, "price_cents": 3000}]})).json()
    base = f"/api/admin/models/{model['id']}/availability"
    for weekday in range(1, 8):
        rule = await client.post(f"{base}/weekly", headers=admin,
                                 json={"weekday": weekday, "start_minute": 600, "end_minute": 660})
        assert rule.status_code == 201, rule.text
    return int(model["id"])


def _new_york_times_of_madrid_ten(days: int = 8) -> set[str]:
    today = datetime.now(UTC).astimezone(MADRID).date()
    times = set()
    for offset in range(1, days):
        day = today + timedelta(days=offset)
        for minute in (0, 30):
            start = datetime(day.year, day.month, day.day, 10, minute, tzinfo=MADRID)
            times.add(start.astimezone(NEW_YORK).strftime("%I:%M %p"))
    return times


async def test_calendar_in_viewer_zone_hold_countdown_and_cancel(open_browser, sign_in, client, login):
    model_id = await _model_open_daily(client, await login("ADMIN"))
    context = await open_browser(timezone_id="America/New_York")
    page = context.pages[0] if context.pages else await context.new_page()
    await sign_in(page, "PRIME")
    await page.goto(page.url.split("#")[0] + f"#/models/{model_id}")
    await page.get_by_text("Times shown in your time zone: America/New_York").wait_for()
    slots = page.locator("button.slot")
    await slots.first.wait_for()
    assert set(await slots.all_inner_texts()) <= _new_york_times_of_madrid_ten()

    await slots.first.click()
    await page.get_by_role("heading", name="Booking #").wait_for()
    assert "held" in await page.inner_text("main")
    countdown = page.get_by_test_id("countdown")
    first = await countdown.inner_text()
    await page.wait_for_function(
        "(t) => document.querySelector('[data-testid=countdown]').textContent !== t", arg=first)
    assert first.startswith(("9:", "10:"))

    async with page.expect_download() as download_info:
        await page.get_by_role("button", name="Add to calendar (.ics)").click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".ics")
    assert "BEGIN:VCALENDAR" in (await download.path()).read_text()

    await page.get_by_role("button", name="Cancel booking").click()
    await page.locator(".badge.st-cancelled").wait_for()
    await page.get_by_role("link", name="My bookings").click()
    await page.get_by_text("cancelled").wait_for()


async def test_free_account_is_told_to_become_prime(page, sign_in, client, login):
    model_id = await _model_open_daily(client, await login("ADMIN"))
    await sign_in(page, "FREE")
    await page.goto(page.url.split("#")[0] + f"#/models/{model_id}")
    await page.locator("button.slot").first.click()
    await page.get_by_role("alert").get_by_role("link", name="Become PRIME to book").click()
    await page.wait_for_function("() => location.hash === '#/membership'")
