"""A report keeps the five messages said before the reported one in that room (oldest first, not
the reported one nor anything after it), on its row, in the moderators' listing and on the live
`violation` frame — as a classifier's flag does."""

from __future__ import annotations

import pytest


@pytest.fixture
async def room(login, me) -> str:
    model = await me(await login("MODEL"))
    return f"live:{model['model_id']}"


async def test_report_of_the_seventh_message_keeps_the_second_to_sixth(
        client, connect, login, room, sql) -> None:
    alice = await connect(await login("PRIME", username="alice"))
    bob = await connect(await login("PRIME", username="bob"))
    carol_headers = await login("FREE", username="carol")
    carol, moderator = await connect(carol_headers), await connect(await login("MODERATOR"))
    for member in (alice, bob, carol):
        assert (await member.subscribe(f"room:{room}"))["type"] == "subscribed"
    assert (await moderator.subscribe("moderation"))["type"] == "subscribed"
    said = [(alice if n % 2 else bob, f"message {n}") for n in range(1, 9)]
    heard = {}
    for sender, text in said:
        await sender.send(type="chat", room=room, text=text)
        heard[text] = await carol.expect("chat", text=text)

    response = await client.post("/api/reports", headers=carol_headers, json={
        "room": room, "message_id": heard["message 7"]["id"], "reason": "H"})

    assert response.status_code == 201, response.text
    expected = [("bob", "message 2"), ("alice", "message 3"), ("bob", "message 4"),
                ("alice", "message 5"), ("bob", "message 6")]
    feed = await moderator.expect("violation", source="report")
    assert [(line["author"], line["text"]) for line in feed["context"]] == expected
    assert [line["sent_at"] for line in feed["context"]] == [
        heard[text]["sent_at"] for _, text in expected]
    stored = await sql("SELECT context FROM stream_chat_violations WHERE id = $1", feed["id"])
    assert [(line["author"], line["text"]) for line in stored] == expected
    listed = await client.get("/api/admin/moderation/violations", headers=await login("ADMIN"))
    item = next(v for v in listed.json()["items"] if v["id"] == feed["id"])
    assert [(line["author"], line["text"]) for line in item["context"]] == expected


async def test_report_of_the_first_message_has_no_context(client, connect, login, room, sql) -> None:
    alice = await connect(await login("PRIME", username="alice"))
    carol_headers = await login("FREE", username="carol")
    carol = await connect(carol_headers)
    for member in (alice, carol):
        assert (await member.subscribe(f"room:{room}"))["type"] == "subscribed"
    for text in ("first of the night", "second of the night"):
        await alice.send(type="chat", room=room, text=text)
    first = await carol.expect("chat", text="first of the night")
    await carol.expect("chat", text="second of the night")

    response = await client.post("/api/reports", headers=carol_headers, json={
        "room": room, "message_id": first["id"], "reason": "other"})

    assert response.status_code == 201, response.text
    assert await sql("SELECT context FROM stream_chat_violations WHERE id = $1",
                     response.json()["id"]) == []
