"""The console's answers are for staff only: the list, the pending count and a user's history."""

from __future__ import annotations

import pytest

PATHS = ["/api/admin/moderation/violations", "/api/admin/moderation/pending",
         "/api/admin/moderation/users/{user}/history"]


@pytest.mark.parametrize(("role", "expected"), [
    (None, 401), ("FREE", 403), ("PRIME", 403), ("MODEL", 403), ("MODERATOR", 200), ("ADMIN", 200)])
@pytest.mark.parametrize("path", PATHS)
async def test_console_guards(client, login, user_id, role, expected, path) -> None:
    target = await user_id(await login("FREE"))
    headers = await login(role) if role else {}
    response = await client.get(path.format(user=target), headers=headers)
    assert response.status_code == expected, response.text
