"""Opened inside Telegram: the Mini App signs in with initData, a new user onboards in the
language Telegram reports (language, terms, 18+), and the app then speaks the language chosen."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import quote, urlencode

BOT_TOKEN = "123456789:AAF-test-bot-token"  # the `settings` fixture's token


def init_data(user: dict[str, object]) -> str:
    fields = {"auth_date": str(int(time.time())), "query_id": "e2e", "user": json.dumps(user)}
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret = hmac.new(b"WebAppData", BOT_TOKEN.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


async def test_mini_app_signs_in_and_onboards(page, base_url):
    data = init_data({"id": 987654, "first_name": "Lucía", "username": "lucia_tg", "language_code": "es"})
    await page.goto(f"{base_url}/#tgWebAppData={quote(data)}&tgWebAppVersion=8.0&tgWebAppPlatform=ios")
    await page.get_by_role("heading", name="Bienvenido a PNP Live").wait_for()
    assert "tgWebAppData" not in page.url  # the signed launch data does not linger in the address bar

    await page.locator("main select[name=language]").select_option("en")
    await page.get_by_label("Acepto las condiciones de uso").check()
    await page.get_by_label("Tengo 18 años o más").check()
    await page.get_by_role("button", name="Continuar").click()
    await page.get_by_role("heading", name="Models", level=1).wait_for()
    assert "lucia_tg" in await page.get_by_test_id("who").inner_text()


async def test_tampered_init_data_is_refused(page, base_url):
    data = init_data({"id": 987655, "first_name": "Eve"}).replace("Eve", "Mallory")
    await page.goto(f"{base_url}/#tgWebAppData={quote(data)}")
    await page.get_by_role("link", name="Sign in").first.click()
    await page.get_by_role("alert").filter(has_text="Telegram data rejected").wait_for()
