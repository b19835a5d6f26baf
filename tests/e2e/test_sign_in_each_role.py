"""Dev login through the form, as each role: the header names the role and the menu fits it."""

from __future__ import annotations

import re

import pytest

ROLE_LINK = {"FREE": "My bookings", "PRIME": "My bookings", "MODEL": "Studio",
             "MODERATOR": "Moderation", "ADMIN": "Manage models"}
ROLE_NAME = {"FREE": "Free", "PRIME": "Prime", "MODEL": "Model", "MODERATOR": "Moderator",
             "ADMIN": "Admin"}


@pytest.mark.parametrize("role", list(ROLE_LINK))
async def test_dev_login_as_role(page, sign_in, role):
    await sign_in(page, role, username=f"e2e_{role.lower()}")
    who = page.get_by_test_id("who")
    await who.wait_for()
    assert await who.inner_text() == f"e2e_{role.lower()} · {ROLE_NAME[role]}"
    # The moderation link also names the pending count ("Moderation" + "3 waiting for review").
    link = re.compile(rf"^{ROLE_LINK[role]}")
    await page.get_by_role("navigation").get_by_role("link", name=link).click()
    await page.get_by_role("heading", level=1).wait_for()
    assert "may not" not in await page.inner_text("main")

    await page.get_by_role("button", name="Sign out").click()
    await page.get_by_role("link", name="Sign in").first.wait_for()
    assert await page.evaluate("localStorage.getItem('pnp.session')") is None
