"""PNP_ADMIN_TELEGRAM_IDS: a listed Telegram id is ADMIN once it signs in with Telegram; others
stay FREE, and a banned listed account is still refused."""

from __future__ import annotations

import pytest

from core.config import SettingsError, load_settings
from core.db import Connection
from tests.auth.test_telegram_login_route import init_data


async def test_listed_telegram_id_signs_in_as_admin(client_with) -> None:
    async with client_with(admin_telegram_ids=frozenset({910001})) as client:
        listed = await client.post("/api/auth/telegram", json={
            "init_data": init_data({"id": 910001, "first_name": "Olga"})})
        other = await client.post("/api/auth/telegram", json={
            "init_data": init_data({"id": 910002, "first_name": "Ivan"})})
    assert listed.status_code == 200, listed.text
    assert listed.json()["user"]["role"] == "ADMIN"
    assert other.json()["user"]["role"] == "FREE"


async def test_listed_but_banned_account_is_refused(client_with, conn: Connection) -> None:
    await conn.execute("INSERT INTO users (telegram_id, banned_until) "
                       "VALUES (910003, now() + interval '1 day')")
    async with client_with(admin_telegram_ids=frozenset({910003})) as client:
        response = await client.post("/api/auth/telegram", json={
            "init_data": init_data({"id": 910003, "first_name": "Boris"})})
    assert response.status_code == 403
    assert await conn.fetchval("SELECT role FROM users WHERE telegram_id = 910003") == "FREE"


def test_settings_read_the_list(tmp_path) -> None:
    env = {"PNP_VAR_DIR": str(tmp_path), "PNP_ADMIN_TELEGRAM_IDS": " 12345, 67890 ,"}
    assert load_settings(env).admin_telegram_ids == {12345, 67890}
    with pytest.raises(SettingsError, match="PNP_ADMIN_TELEGRAM_IDS"):
        load_settings({**env, "PNP_ADMIN_TELEGRAM_IDS": "12345,@olga"})
    with pytest.raises(SettingsError, match="PNP_ADMIN_TELEGRAM_IDS"):
        load_settings({**env, "PNP_ADMIN_TELEGRAM_IDS": "12345,²"})
