"""An admin finds a user by @username, makes them MODERATOR with a reason and sees the change in
the role history; at phone width the same page fits without sideways scrolling."""

from __future__ import annotations

from tests.e2e.conftest import PHONE


async def test_admin_changes_a_role_on_the_users_page(open_browser, sign_in, client, login, conn):
    await login("FREE", telegram_id=790000001, username="quiet_quentin")
    context = await open_browser(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.pages[0] if context.pages else await context.new_page()
    await sign_in(page, "ADMIN", telegram_id=790000002, username="boss_bea")
    await page.get_by_role("button", name="Menu").click()
    await page.get_by_role("link", name="Users").click()
    await page.get_by_label("Name, @username or Telegram id").fill("@quiet_q")
    await page.get_by_role("button", name="Find").click()
    await page.get_by_role("link", name="quiet_quentin (@quiet_quentin)").click()
    await page.get_by_text("The role has never changed.").wait_for()

    await page.get_by_label("New role").select_option("MODERATOR")
    await page.get_by_label("Reason").fill("covers the weekend chat")
    await page.get_by_role("button", name="Change role").click()
    await page.get_by_text("Role changed.").wait_for()
    history = page.get_by_test_id("role-history")
    assert "Free → Moderator" in await history.inner_text()
    assert "boss_bea (@boss_bea)" in await history.inner_text()
    assert "covers the weekend chat" in await history.inner_text()
    assert (await page.get_by_test_id("user-role").inner_text()).startswith("Moderator")
    assert await page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert await conn.fetchval("SELECT role FROM users WHERE telegram_id = 790000001") == "MODERATOR"
