"""Every way a report is refused: a clear problem, nothing stored."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture
async def room(login, me) -> str:
    model = await me(await login("MODEL"))
    return f"live:{model['model_id']}"


@pytest.fixture
async def chat(connect, login, room):
    """(author headers, reporter headers, send): `await send(text)` → the id the reporter heard."""
    author_headers, reporter_headers = await login("PRIME"), await login("FREE")
    author, reporter = await connect(author_headers), await connect(reporter_headers)
    for member in (author, reporter):
        await member.subscribe(f"room:{room}")

    async def send(text: str) -> str:
        await author.send(type="chat", room=room, text=text)
        return (await reporter.expect("chat", text=text))["id"]

    return author_headers, reporter_headers, send


async def _reports(sql) -> int:
    return await sql("SELECT count(*) FROM stream_chat_violations WHERE source = 'report'")


async def test_unknown_message_and_wrong_room_are_404(client, chat, room, sql) -> None:
    _, reporter, send = chat
    known = await send("hello")
    for body in ({"room": room, "message_id": uuid.uuid4().hex, "reason": "H"},
                 {"room": "live:999999", "message_id": known, "reason": "H"}):
        response = await client.post("/api/reports", headers=reporter, json=body)
        assert response.status_code == 404, response.text
        assert response.json()["type"].endswith("/problems/message-not-found")
    assert await _reports(sql) == 0


async def test_own_message_and_bad_reason_are_refused(client, chat, room, sql) -> None:
    author, reporter, send = chat
    message = await send("a perfectly normal line")
    own = await client.post("/api/reports", headers=author, json={
        "room": room, "message_id": message, "reason": "HR"})
    assert own.status_code == 422 and "your own message" in own.json()["detail"]
    bad = await client.post("/api/reports", headers=reporter, json={
        "room": room, "message_id": message, "reason": "rude"})
    assert bad.status_code == 422 and "reason" in str(bad.json())
    assert await _reports(sql) == 0


async def test_a_second_report_of_the_same_message_is_409(client, chat, room, sql) -> None:
    _, reporter, send = chat
    body = {"room": room, "message_id": await send("you again"), "reason": "HR"}
    assert (await client.post("/api/reports", headers=reporter, json=body)).status_code == 201
    again = await client.post("/api/reports", headers=reporter, json={**body, "reason": "other"})
    assert again.status_code == 409 and again.json()["type"].endswith("/problems/already-reported")
    assert await _reports(sql) == 1


async def test_reports_are_rate_limited_per_user(client, chat, room, login, sql) -> None:
    _, reporter, send = chat
    ids = [await send(f"line number {n}") for n in range(6)]
    for message in ids[:5]:
        response = await client.post("/api/reports", headers=reporter, json={
            "room": room, "message_id": message, "reason": "other"})
        assert response.status_code == 201, response.text
    limited = await client.post("/api/reports", headers=reporter, json={
        "room": room, "message_id": ids[5], "reason": "other"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    someone_else = await client.post("/api/reports", headers=await login("FREE"), json={
        "room": room, "message_id": ids[5], "reason": "other"})
    assert someone_else.status_code == 201
    assert await _reports(sql) == 6
