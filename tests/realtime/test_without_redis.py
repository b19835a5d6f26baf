"""Without REDIS_URL one instance fans out in process: chat, resume and presence still work."""

from __future__ import annotations

import msgspec
import pytest


@pytest.fixture(scope="session")
def redis_topology():
    return None, False


@pytest.fixture
def settings(settings):
    return msgspec.structs.replace(settings, redis_url=None, presence_ttl=0.6,
                                   presence_reconcile_every=0.1)


async def test_chat_and_resume_in_process(app, connect, login, me) -> None:
    assert app.state.redis is None
    room = f"live:{(await me(await login('MODEL')))['model_id']}"
    alice_headers, bob_headers = await login("PRIME"), await login("FREE")
    alice, bob = await connect(alice_headers), await connect(bob_headers)
    await alice.subscribe(f"room:{room}")
    await bob.subscribe(f"room:{room}")
    await alice.send(type="chat", room=room, text="one")
    offset = (await bob.expect("chat", text="one"))["offset"]
    await bob.ws.close()
    await alice.send(type="chat", room=room, text="two")
    await alice.expect("chat", text="two")
    bob = await connect(bob_headers)
    await bob.send(type="subscribe", channel=f"room:{room}", since=offset, ref="r")
    assert (await bob.expect("subscribed", ref="r"))["replayed"] == 1
    assert (await bob.expect("chat"))["text"] == "two"


async def test_presence_expires_in_process(client, connect, login, me) -> None:
    model_headers = await login("MODEL")
    model_id = (await me(model_headers))["model_id"]
    watcher = await connect(await login("FREE"))
    await watcher.subscribe("presence")
    await client.post("/api/model/me/status", json={"online": True}, headers=model_headers)
    await watcher.expect("presence", model_id=model_id, online=True)
    assert (await watcher.expect("presence", model_id=model_id, within=5))["online"] is False
