"""Two real app processes sharing Redis and PostgreSQL behave as one, on one Redis and on a Redis
Cluster: chat, presence and a crashed instance's models going offline; and on stop each socket
hears `reconnect`."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import Any

import pytest

from tests.instances.conftest import Client
from tests.processes import Instance


@pytest.fixture
def launch_on_topology(launch: Callable[..., Any],
                       redis_topology: tuple[str | None, bool]) -> Callable[..., Any]:
    url, cluster = redis_topology
    assert url, "several instances need Redis"

    async def _launch() -> Instance:
        instance: Instance = await launch(REDIS_URL=url, REDIS_CLUSTER="1" if cluster else "",
                                          PNP_PRESENCE_TTL="1.5", PNP_PRESENCE_RECONCILE_EVERY="0.2")
        return instance

    return _launch


async def user_id(instance: Instance, headers: dict[str, str]) -> int:
    async with instance.http(headers=headers) as http:
        return int((await http.get("/api/me")).json()["id"])


async def test_message_posted_on_one_instance_reaches_a_subscriber_on_the_other(launch_on_topology) -> None:
    a, b = await launch_on_topology(), await launch_on_topology()
    room = f"live:{await a.model_id(await a.login('MODEL', 7_100_001))}"
    alice_headers, bob_headers = await a.login("PRIME", 7_100_002), await b.login("FREE", 7_100_003)
    alice, bob = await Client.open(a, alice_headers), await Client.open(b, bob_headers)
    for member in (alice, bob):
        await member.send(type="subscribe", channel=f"room:{room}")
        await member.expect("subscribed", channel=f"room:{room}")
    await alice.send(type="chat", room=room, text="hello from instance A")
    heard = await bob.expect("chat")
    assert heard["text"] == "hello from instance A" and heard["user_id"] == await user_id(a, alice_headers)
    await bob.send(type="chat", room=room, text="and back from B")
    answer = await alice.expect("chat", text="and back from B")
    assert answer["user_id"] == await user_id(b, bob_headers)


async def test_models_of_a_crashed_instance_go_offline_within_seconds(launch_on_topology) -> None:
    a, doomed = await launch_on_topology(), await launch_on_topology()
    model = await doomed.login("MODEL", 7_100_011)
    model_id = await doomed.model_id(model)
    await Client.open(doomed, model)  # the doomed instance heartbeats for this model
    watcher = await Client.open(a, await a.login("FREE", 7_100_012))
    await watcher.send(type="subscribe", channel="presence")
    await watcher.expect("subscribed", channel="presence")
    async with doomed.http(headers=model) as http:
        assert (await http.post("/api/model/me/status", json={"online": True})).status_code == 200
    await watcher.expect("presence", model_id=model_id, online=True)
    doomed.kill()
    offline = await watcher.expect("presence", model_id=model_id, online=False)
    assert offline["last_seen_at"]


async def test_stopping_an_instance_sends_reconnect_first(launch_on_topology) -> None:
    instance = await launch_on_topology()
    alice = await Client.open(instance, await instance.login("PRIME", 7_100_021))
    await alice.expect("unread")
    instance.process.send_signal(signal.SIGTERM)
    assert (await alice.expect("reconnect"))["reason"]
    await asyncio.to_thread(instance.process.wait, 20)
