"""The public configuration the browser app reads before sign-in, and the page itself."""

from __future__ import annotations


async def test_config_reports_dev_login_and_bot_username(client, client_with):
    assert (await client.get("/api/config")).json() == {
        "dev_login": True, "telegram_bot_username": None, "languages": ["es", "en"],
        "model_approval": False}
    async with client_with(dev_login=False, telegram_bot_username="pnp_live_bot") as other:
        body = (await other.get("/api/config")).json()
    assert body["dev_login"] is False and body["telegram_bot_username"] == "pnp_live_bot"


async def test_index_and_both_string_tables_are_served(client):
    page = await client.get("/")
    assert page.status_code == 200 and '<script type="module"' in page.text
    en = (await client.get("/static/i18n/en.json")).json()
    es = (await client.get("/static/i18n/es.json")).json()
    assert set(en) == set(es), set(en) ^ set(es)
