"""A model edits its availability in the studio: a weekly range and a blocked date, added and removed."""

from __future__ import annotations


async def test_model_adds_and_removes_weekly_range_and_blocked_date(page, sign_in, client, login):
    await sign_in(page, "MODEL", telegram_id=4301, username="avail_ana")
    await page.get_by_role("link", name="Availability").click()
    weekly = page.locator("section", has=page.get_by_role("heading", name="Weekly schedule"))
    await weekly.get_by_label("Day").select_option("3")
    await weekly.get_by_label("From").fill("09:30")
    await weekly.get_by_label("To").fill("13:00")
    await weekly.get_by_role("button", name="Add").click()
    await weekly.get_by_text("Wednesday 09:30–13:00").wait_for()

    blocked = page.locator("section", has=page.get_by_role("heading", name="Blocked dates"))
    await blocked.get_by_label("From").fill("2030-01-10T00:00")
    await blocked.get_by_label("To").fill("2030-01-12T00:00")
    await blocked.get_by_label("Reason").fill("holiday")
    await blocked.get_by_role("button", name="Add").click()
    await blocked.get_by_text("holiday").wait_for()

    headers = await login("MODEL", telegram_id=4301)
    rules = (await client.get("/api/model/me/availability", headers=headers)).json()
    assert [(r["weekday"], r["start_minute"], r["end_minute"]) for r in rules["weekly"]] == [(3, 570, 780)]
    assert [r["reason"] for r in rules["blocked"]] == ["holiday"]

    await weekly.get_by_role("button", name="Remove Wednesday 09:30–13:00").click()
    await weekly.get_by_text("Nothing yet.").wait_for()
    rules = (await client.get("/api/model/me/availability", headers=headers)).json()
    assert rules["weekly"] == []
