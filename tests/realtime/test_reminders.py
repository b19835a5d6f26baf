"""Reminders before a booking starts: a notification on the socket and a Telegram message,
sent to a small local server standing in for the Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import msgspec
import pytest


class FakeBotApi:
    """Answers `POST /bot<token>/sendMessage` like Telegram and keeps what it was sent."""

    def __init__(self) -> None:
        self.messages: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request_line = (await reader.readline()).decode()
        headers = {}
        while (line := (await reader.readline()).decode().strip()):
            name, _, value = line.partition(":")
            headers[name.lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", 0)))
        await self.messages.put((request_line.split()[1], msgspec.json.decode(body)))
        answer = b'{"ok":true,"result":{"message_id":1}}'
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                     + str(len(answer)).encode() + b"\r\nConnection: close\r\n\r\n" + answer)
        await writer.drain()
        writer.close()


@pytest.fixture
async def bot_api() -> AsyncIterator[tuple[FakeBotApi, str]]:
    fake = FakeBotApi()
    server = await asyncio.start_server(fake.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield fake, f"http://127.0.0.1:{port}"
    server.close()
    await server.wait_closed()


@pytest.fixture
def settings(settings, bot_api):
    return msgspec.structs.replace(settings, telegram_api_base=bot_api[1], reminder_every=0.2,
                                   reminder_leads_min=(60, 10))


async def test_reminder_by_websocket_and_telegram(bot_api, settings, connect, login, me, book, sql) -> None:
    fake, _ = bot_api
    client_headers, model_headers = await login("PRIME"), await login("MODEL")
    client_user, model_user = await me(client_headers), await me(model_headers)
    alice = await connect(client_headers)
    await book(model_user["model_id"], client_user["id"], starts_in=timedelta(minutes=5))
    reminder = await alice.expect("notification", kind="booking.reminder", within=10)
    assert reminder["payload"]["minutes_before"] == 10

    sent = {}
    for _ in range(2):
        path, body = await asyncio.wait_for(fake.messages.get(), timeout=10)
        assert path == f"/bot{settings.telegram_bot_token}/sendMessage"
        sent[body["chat_id"]] = body["text"]
    assert set(sent) == {client_user["telegram_id"], model_user["telegram_id"]}
    assert "starts in 10 minutes" in sent[client_user["telegram_id"]]
    unsent = await sql("""SELECT count(*) FROM notifications WHERE kind = 'booking.reminder'
                          AND user_id = ANY($1) AND telegram_sent_at IS NULL""",
                       [client_user["id"], model_user["id"]])
    assert unsent == 0
    assert await sql("SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'booking.reminder'",
                     client_user["id"]) == 1  # the loop ran again and again: deduplicated
