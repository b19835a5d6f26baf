"""Presence: the toggle and heartbeats keep a model online in Redis (TTL) and PostgreSQL; a
model whose key expires (its instance died) goes offline within seconds; viewers are counted."""

from __future__ import annotations

import msgspec
import pytest


@pytest.fixture
def settings(settings):
    return msgspec.structs.replace(settings, presence_ttl=0.6, presence_reconcile_every=0.1)


async def test_toggle_is_announced_and_kept_for_listings(client, connect, login, me) -> None:
    model_headers = await login("MODEL")
    model_id = (await me(model_headers))["model_id"]
    watcher = await connect(await login("FREE"))
    await watcher.subscribe("presence")
    response = await client.post("/api/model/me/status", json={"online": True}, headers=model_headers)
    assert response.status_code == 200 and response.json() == {"model_id": model_id, "online": True}
    assert (await watcher.expect("presence", model_id=model_id))["online"] is True
    assert (await client.get(f"/api/models/{model_id}", headers=model_headers)).json()["is_online"] is True
    await client.post("/api/model/me/status", json={"online": False}, headers=model_headers)
    offline = await watcher.expect("presence", model_id=model_id)
    assert offline["online"] is False and offline["last_seen_at"]


async def test_model_without_heartbeat_goes_offline_when_its_key_expires(client, connect, login, me) -> None:
    model_headers = await login("MODEL")
    model_id = (await me(model_headers))["model_id"]
    watcher = await connect(await login("FREE"))
    await watcher.subscribe("presence")
    await client.post("/api/model/me/status", json={"online": True}, headers=model_headers)
    assert (await watcher.expect("presence", model_id=model_id))["online"] is True
    # Nobody heartbeats (as when the instance holding the model's socket dies): the TTL runs out.
    assert (await watcher.expect("presence", model_id=model_id, within=5))["online"] is False
    assert (await client.get(f"/api/models/{model_id}", headers=model_headers)).json()["is_online"] is False


async def test_connected_model_stays_online(client, connect, login, me) -> None:
    model_headers = await login("MODEL")
    model_id = (await me(model_headers))["model_id"]
    watcher = await connect(await login("FREE"))
    await watcher.subscribe("presence")
    await connect(model_headers)  # its instance heartbeats every ttl/3
    await client.post("/api/model/me/status", json={"online": True}, headers=model_headers)
    await watcher.expect("presence", model_id=model_id, online=True)
    with pytest.raises(TimeoutError):  # three TTLs pass without an offline frame
        await watcher.expect("presence", model_id=model_id, online=False, within=1.8)


async def test_viewer_counts_reach_the_room(connect, login, me) -> None:
    room = f"live:{(await me(await login('MODEL')))['model_id']}"
    first, second = await connect(await login("FREE")), await connect(await login("PRIME"))
    await first.subscribe(f"room:{room}")
    await second.subscribe(f"room:{room}")
    assert (await first.expect("viewers", room=room, count=2))["count"] == 2
    await second.ws.close()
    assert (await first.expect("viewers", room=room, count=1))["count"] == 1
