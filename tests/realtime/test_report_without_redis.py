"""Without Redis the server keeps its copy of delivered messages in process, newest first kept:
a report still works, and the oldest message beyond the bound is gone."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest

from realtime.recent import KeptMessage, RecentMessages


@pytest.fixture(scope="session")
def redis_topology():
    return None, False


@pytest.fixture
def settings(settings):
    return msgspec.structs.replace(settings, redis_url=None)


async def test_report_in_process(app, client, connect, login, me) -> None:
    assert app.state.redis is None
    room = f"live:{(await me(await login('MODEL')))['model_id']}"
    author_headers, reporter_headers = await login("PRIME"), await login("FREE")
    author, reporter = await connect(author_headers), await connect(reporter_headers)
    for member in (author, reporter):
        await member.subscribe(f"room:{room}")
    await author.send(type="chat", room=room, text="hello in process")
    heard = await reporter.expect("chat")
    response = await client.post("/api/reports", headers=reporter_headers, json={
        "room": room, "message_id": heard["id"], "reason": "other"})
    assert response.status_code == 201, response.text


def _message(n: int) -> KeptMessage:
    return KeptMessage(id=f"m{n}", room="live:1", user_id=1, author="alice", text=str(n),
                       sent_at=datetime.now(UTC), action="allow", scores={},
                       classifier_version="test")


async def test_the_oldest_beyond_the_bound_is_forgotten() -> None:
    recent = RecentMessages(None, prefix="test", local_max=3)
    for n in range(4):
        await recent.keep(_message(n))
    assert await recent.get("m0") is None
    assert [(await recent.get(f"m{n}")).text for n in (1, 2, 3)] == ["1", "2", "3"]


async def test_a_message_past_its_hour_is_forgotten() -> None:
    recent = RecentMessages(None, prefix="test", ttl_seconds=0)
    await recent.keep(_message(1))
    assert await recent.get("m1") is None
