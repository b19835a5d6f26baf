"""An upheld report of a message the classifier allowed is a miss in moderation analytics, per
category; precision keeps counting the classifier's own flags."""

from __future__ import annotations

import pytest


@pytest.fixture
async def room(login, me) -> str:
    model = await me(await login("MODEL"))
    return f"live:{model['model_id']}"


async def test_upheld_report_counts_as_a_miss(client, connect, login, room) -> None:
    author_headers = await login("PRIME")
    first, second = await login("FREE"), await login("FREE")
    author, listener = await connect(author_headers), await connect(first)
    for member in (author, listener):
        await member.subscribe(f"room:{room}")
    await author.send(type="chat", room=room, text="see you all tomorrow at nine")
    message = (await listener.expect("chat"))["id"]
    admin = await login("ADMIN")
    ids = []
    for reporter in (first, second):
        response = await client.post("/api/reports", headers=reporter, json={
            "room": room, "message_id": message, "reason": "H"})
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])

    for violation_id in ids:
        decided = await client.post("/api/admin/moderation", headers=admin, json={
            "violation_id": violation_id, "decision": "uphold"})
        assert decided.status_code == 200, decided.text

    analytics = (await client.get("/api/admin/moderation/analytics", headers=admin)).json()
    assert analytics["reported"] == 2 and analytics["missed"] == 1  # one message, reported twice
    assert analytics["misses"] == [{"category": "H", "reviewed": 1, "missed": 1, "miss_rate": 1.0}]
    assert analytics["upheld"] == 0 and analytics["precision"] is None
    assert analytics["miss_rate"] == 1.0
