"""A user reports a chat message they received: it reaches the moderators' live feed marked as a
report, with the server's copy of the text and the classifier's scores."""

from __future__ import annotations

import pytest


@pytest.fixture
async def room(login, me) -> str:
    model = await me(await login("MODEL"))
    return f"live:{model['model_id']}"


async def test_report_reaches_the_live_feed_with_scores(client, connect, login, room, sql) -> None:
    author_headers, reporter_headers = await login("PRIME", username="alice"), await login("FREE")
    author, reporter = await connect(author_headers), await connect(reporter_headers)
    await sql("UPDATE users SET first_name = 'Rosa' WHERE id = $1", reporter.user_id)
    moderator = await connect(await login("MODERATOR"))
    for member in (author, reporter):
        assert (await member.subscribe(f"room:{room}"))["type"] == "subscribed"
    assert (await moderator.subscribe("moderation"))["type"] == "subscribed"
    await author.send(type="chat", room=room, text="meet me after the show, you will regret it")
    heard = await reporter.expect("chat")

    response = await client.post("/api/reports", headers=reporter_headers, json={
        "room": room, "message_id": heard["id"], "reason": "V"})

    assert response.status_code == 201, response.text
    assert response.json()["author_name"] == "alice"
    feed = await moderator.expect("violation", source="report")
    assert feed["message"] == "meet me after the show, you will regret it"
    assert feed["user_id"] == author.user_id and feed["room"] == room
    assert feed["report_reason"] == "V" and feed["reporter_name"] == "Rosa"
    assert feed["action"] == "allow" and feed["scores"]
    listed = await client.get("/api/admin/moderation/violations", headers=await login("ADMIN"))
    item = next(v for v in listed.json()["items"] if v["id"] == feed["id"])
    assert item["source"] == "report" and item["reporter_name"] == "Rosa"
    assert item["review_status"] == "pending" and item["categories"] == ["V"]


async def test_the_text_comes_from_the_server_not_the_reporter(client, connect, login, room) -> None:
    author_headers, reporter_headers = await login("PRIME"), await login("FREE")
    author, reporter = await connect(author_headers), await connect(reporter_headers)
    for member in (author, reporter):
        await member.subscribe(f"room:{room}")
    await author.send(type="chat", room=room, text="good evening everyone")
    heard = await reporter.expect("chat")

    forged = await client.post("/api/reports", headers=reporter_headers, json={
        "room": room, "message_id": heard["id"], "reason": "H", "text": "something awful"})

    assert forged.status_code == 422 and "text" in str(forged.json())
