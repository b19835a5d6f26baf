"""POST /api/auth/telegram: verified Telegram data signs a user in; anything else is refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from urllib.parse import urlencode

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

TOKEN = "123456789:AAF-test-bot-token"  # the bot token of the `settings` fixture


def init_data(user: dict, *, auth_date: int | None = None, token: str = TOKEN) -> str:
    fields = {"auth_date": str(auth_date or int(time.time())), "query_id": "AAQ", "user": json.dumps(user)}
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return urlencode({**fields, "hash": hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()})


def widget(fields: dict, *, token: str = TOKEN) -> dict:
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    digest = hmac.new(hashlib.sha256(token.encode()).digest(), check.encode(), hashlib.sha256).hexdigest()
    return {**fields, "hash": digest}


async def test_mini_app_init_data_creates_a_free_user(client: httpx.AsyncClient) -> None:
    user = {"id": 900001, "first_name": "Lucía", "username": "lucia", "language_code": "es"}
    response = await client.post("/api/auth/telegram", json={"init_data": init_data(user)})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user"]["telegram_id"] == 900001 and body["user"]["role"] == "FREE"
    assert body["user"]["language"] == "es" and body["user"]["onboarding_complete"] is False
    renamed = init_data({**user, "first_name": "Lu"})
    again = await client.post("/api/auth/telegram", json={"init_data": renamed})
    assert again.json()["user"]["id"] == body["user"]["id"]
    assert again.json()["user"]["first_name"] == "Lu"


async def test_login_widget_fields_sign_in(client: httpx.AsyncClient) -> None:
    fields = {"id": "900002", "first_name": "Max", "auth_date": str(int(time.time()))}
    response = await client.post("/api/auth/telegram", json={"widget": widget(fields)})
    assert response.status_code == 200, response.text
    assert response.json()["user"]["telegram_id"] == 900002


async def test_forged_data_is_a_401_problem(client: httpx.AsyncClient) -> None:
    forged = init_data({"id": 900003, "first_name": "Eve"}, token="999:other-bot")
    response = await client.post("/api/auth/telegram", json={"init_data": forged})
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Telegram data rejected")


async def test_stale_data_is_refused(client: httpx.AsyncClient) -> None:
    stale = init_data({"id": 900004, "first_name": "Old"}, auth_date=int(time.time()) - 7200)
    response = await client.post("/api/auth/telegram", json={"init_data": stale})
    assert response.status_code == 401 and "old" in response.json()["detail"]


async def test_exactly_one_kind_of_data(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/auth/telegram", json={})
    assert response.status_code == 422


async def test_unconfigured_bot_is_a_503(
        client_with: Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]) -> None:
    async with client_with(telegram_bot_token=None, telegram_bot_id=None) as other:
        response = await other.post("/api/auth/telegram",
                                    json={"init_data": init_data({"id": 1, "first_name": "A"})})
    assert response.status_code == 503 and "TELEGRAM_BOT_TOKEN" in response.json()["detail"]


# aiogram's test key pair (tests/test_utils/test_web_app_signature.py), standing in for Telegram's.
TEST_PRIVATE_KEY = "c80e09dc60f5efcf2e1f8d0793358e0ea3371267bef0024588f7bf67cf48dfb9"


def signed_init_data(user: dict, *, bot_id: int) -> str:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(TEST_PRIVATE_KEY))
    fields = {"auth_date": str(int(time.time())), "user": json.dumps(user)}
    message = f"{bot_id}:WebAppData\n" + "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    signature = base64.urlsafe_b64encode(key.sign(message.encode())).rstrip(b"=").decode()
    return urlencode({**fields, "signature": signature, "hash": "unused"})


async def test_third_party_ed25519_signature_without_a_token(
        client_with: Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]) -> None:
    public = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(TEST_PRIVATE_KEY)).public_key()
    public_hex = public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    async with client_with(telegram_bot_token=None, telegram_bot_id=4242,
                           telegram_public_key_hex=public_hex) as other:
        good = await other.post("/api/auth/telegram",
                                json={"init_data": signed_init_data({"id": 900005, "first_name": "Ed"},
                                                                     bot_id=4242)})
        wrong_bot = await other.post("/api/auth/telegram",
                                     json={"init_data": signed_init_data({"id": 900006, "first_name": "X"},
                                                                          bot_id=1)})
    assert good.status_code == 200 and good.json()["user"]["telegram_id"] == 900005
    assert wrong_bot.status_code == 401
