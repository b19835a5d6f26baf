"""Without Redis the server keeps its copy of delivered messages in process (core/kv.py, whose
bound and TTL tests/test_kv_memory_bound_and_ttl.py checks): a report still works."""

from __future__ import annotations

import msgspec
import pytest


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
