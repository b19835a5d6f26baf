"""On a Redis Cluster, rooms spread over the shards: each channel is SSUBSCRIBEd on its own
primary only while it has local subscribers, and chat still crosses instances."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from app.main import create_app
from realtime.broker_cluster import ShardedRedisBroker


@pytest.fixture(scope="session")
def redis_topology(redis_cluster: str) -> tuple[str, bool]:
    return redis_cluster, True


async def rooms_on_every_shard(broker: ShardedRedisBroker, login, me) -> dict[str, str]:
    """Shard name → a live room whose channel lives there (new models until all three have one)."""
    rooms: dict[str, str] = {}
    for _ in range(40):
        room = f"live:{(await me(await login('MODEL')))['model_id']}"
        rooms.setdefault(broker.shard_of(f"room:{room}").name, room)
        if len(rooms) == 3:
            return rooms
    raise AssertionError(f"rooms landed on {len(rooms)} shards only")


async def shard_channels(node: str) -> set[bytes]:
    host, port = node.rsplit(":", 1)
    async with Redis(host=host, port=int(port)) as redis:
        return set(await redis.execute_command("PUBSUB", "SHARDCHANNELS"))


async def test_each_room_is_subscribed_on_its_own_shard_while_someone_listens(
        app, connect, login, me) -> None:
    broker = app.state.realtime.broker
    assert isinstance(broker, ShardedRedisBroker)
    rooms = await rooms_on_every_shard(broker, login, me)
    viewer = await connect(await login("FREE"))
    for room in rooms.values():
        assert (await viewer.subscribe(f"room:{room}"))["type"] == "subscribed"
    for node, room in rooms.items():
        wire = broker.wire(f"room:{room}").encode()
        assert [n for n in rooms if wire in await shard_channels(n)] == [node]
    node, room = next(iter(rooms.items()))
    await viewer.send(type="unsubscribe", channel=f"room:{room}", ref="u")
    await viewer.expect("unsubscribed", ref="u")  # SUNSUBSCRIBE went out before this ack
    assert broker.wire(f"room:{room}").encode() not in await shard_channels(node)


async def test_chat_crosses_instances_on_every_shard(app, connect, open_ws, serve_app, settings,
                                                     login, me) -> None:
    rooms = await rooms_on_every_shard(app.state.realtime.broker, login, me)
    other = create_app(settings, db=app.state.db)
    async with serve_app(other) as other_url:
        speaker = await connect(await login("PRIME"))
        listener = await open_ws(await login("FREE"), other_url)
        for room in rooms.values():
            for member in (speaker, listener):
                assert (await member.subscribe(f"room:{room}"))["type"] == "subscribed"
        for room in rooms.values():
            await speaker.send(type="chat", room=room, text=f"hello {room}")
            heard = await listener.expect("chat", room=room)
            assert heard["text"] == f"hello {room}" and heard["user_id"] == speaker.user_id


async def test_readers_resubscribe_after_their_connections_are_killed(app, connect, login, me) -> None:
    broker = app.state.realtime.broker
    rooms = await rooms_on_every_shard(broker, login, me)
    speaker, listener = await connect(await login("PRIME")), await connect(await login("FREE"))
    for room in rooms.values():
        for member in (speaker, listener):
            assert (await member.subscribe(f"room:{room}"))["type"] == "subscribed"
    nodes = [Redis(host=node.rsplit(":", 1)[0], port=int(node.rsplit(":", 1)[1])) for node in rooms]
    try:
        for redis in nodes:  # connected first, so the kills leave together: a regroup after the
            await redis.ping()  # first would end the sockets and so unsubscribe the other shards
        killed = await asyncio.gather(*(redis.client_kill_filter(_type="pubsub") for redis in nodes))
    finally:
        for redis in nodes:
            await redis.aclose()
    assert all(count >= 1 for count in killed), killed
    for member in (speaker, listener):  # what was published meanwhile never came: resume
        assert (await member.expect("reconnect", within=15))["type"] == "reconnect"
    speaker, listener = await connect(await login("PRIME")), await connect(await login("FREE"))
    for room in rooms.values():
        for member in (speaker, listener):
            assert (await member.subscribe(f"room:{room}"))["type"] == "subscribed"
        await speaker.send(type="chat", room=room, text=f"still there, {room}?")
        assert (await listener.expect("chat", room=room))["text"] == f"still there, {room}?"
    for node, room in rooms.items():
        assert broker.wire(f"room:{room}").encode() in await shard_channels(node)


async def test_a_lost_shard_reconnects_only_the_sockets_of_its_channels(app, connect, login, me) -> None:
    broker = app.state.realtime.broker
    rooms = await rooms_on_every_shard(broker, login, me)
    (lost_node, lost_room), (kept_node, kept_room) = list(rooms.items())[:2]
    affected = await connect(await login("FREE"))
    for _ in range(40):  # its own `user:` channel must not live on the lost shard either
        unaffected = await connect(await login("FREE"))
        if broker.shard_of(f"user:{unaffected.user_id}").name != lost_node:
            break
    assert (await affected.subscribe(f"room:{lost_room}"))["type"] == "subscribed"
    assert (await unaffected.subscribe(f"room:{kept_room}"))["type"] == "subscribed"
    host, port = lost_node.rsplit(":", 1)
    async with Redis(host=host, port=int(port)) as redis:
        assert await redis.client_kill_filter(_type="pubsub") >= 1
    await affected.expect("reconnect", within=15)
    await unaffected.send(type="ping", ref="after")  # a `reconnect` would have closed it before
    await unaffected.expect("pong", ref="after")
    await affected.ws.wait_closed()
    speaker = await connect(await login("PRIME"))
    assert (await speaker.subscribe(f"room:{kept_room}"))["type"] == "subscribed"
    await speaker.send(type="chat", room=kept_room, text="the kept shard never stopped")
    assert (await unaffected.expect("chat", room=kept_room))["text"] == "the kept shard never stopped"
    assert broker.wire(f"room:{kept_room}").encode() in await shard_channels(kept_node)
