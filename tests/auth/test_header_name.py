"""The signed-in user is named as Telegram names them: `name` is the first name, else @username."""

from __future__ import annotations


async def test_me_carries_the_first_name(client) -> None:
    body = (await client.post("/api/auth/dev-login", json={
        "telegram_id": 660000040, "role": "FREE", "first_name": "Nora"})).json()
    assert body["user"]["name"] == "Nora" and body["user"]["username"] is None
    again = (await client.post("/api/auth/dev-login", json={
        "telegram_id": 660000040, "role": "PRIME", "username": "nora_n"})).json()
    assert again["user"]["name"] == "Nora" and again["user"]["username"] == "nora_n"


async def test_without_a_first_name_the_username_names_the_user(client) -> None:
    body = (await client.post("/api/auth/dev-login", json={
        "telegram_id": 660000041, "role": "FREE", "username": "only_handle"})).json()
    assert body["user"]["name"] == "only_handle"
    nameless = (await client.post("/api/auth/dev-login", json={
        "telegram_id": 660000042, "role": "FREE"})).json()
    assert nameless["user"]["name"] is None
