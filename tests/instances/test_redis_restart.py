"""Redis restarted (empty: it keeps nothing on disk) under a running instance: chat goes on without
restarting the app, every client either gets what it missed or a `reset`, never a silent gap, and
a booking held and paid before the restart is still confirmed (PostgreSQL is the source of truth)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg
from redis.asyncio import Redis
from websockets.exceptions import ConnectionClosed

from realtime.broker import stream_key
from tests.instances.conftest import Client
from tests.processes import Instance


async def open_all_day(database_url: str, model_id: int) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute("UPDATE pnp_models SET min_notice_min = 0, visibility = 'public' WHERE id = $1",
                           model_id)
        await conn.execute("DELETE FROM pnp_model_prices WHERE model_id = $1", model_id)
        await conn.execute("INSERT INTO pnp_model_prices (model_id, duration_minutes, price_cents) "
                           "VALUES ($1, 30, 5000)", model_id)
        await conn.execute("DELETE FROM pnp_model_schedules WHERE model_id = $1", model_id)
        await conn.executemany(
            "INSERT INTO pnp_model_schedules (model_id, weekday, start_minute, end_minute) "
            "VALUES ($1, $2, 0, 1440)", [(model_id, day) for day in range(1, 8)])
    finally:
        await conn.close()


async def hold_and_pay(instance: Instance, buyer: Client, headers: dict[str, str], model_id: int) -> int:
    start = (datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)).isoformat()
    async with instance.http(headers=headers) as http:
        hold = await http.post("/api/bookings", headers={"Idempotency-Key": "redis-restart"},
                               json={"model_id": model_id, "start": start, "duration_minutes": 30})
        assert hold.status_code == 201, hold.text
        booking_id = int(hold.json()["id"])
        checkout = await http.post(f"/api/bookings/{booking_id}/checkout", json={"method": "sandbox"})
        assert checkout.status_code == 200, checkout.text
        assert (await http.post(checkout.json()["url"] + "/pay")).status_code == 200
    paid = await buyer.expect("notification", kind="payment.succeeded")
    assert paid["payload"]["booking_id"] == booking_id
    return booking_id


class Member:
    """A well-behaved chat client: on `reconnect` or a dropped socket it connects again and
    subscribes with the offset of the last message it saw; it remembers what it saw."""

    def __init__(self, instance: Instance, headers: dict[str, str], room: str) -> None:
        self.instance, self.headers, self.room = instance, headers, room
        self.seen: list[str] = []
        self.last_offset: str | None = None
        self.resets = 0

    async def join(self) -> None:
        self.client = await Client.open(self.instance, self.headers)
        await self.client.send(type="subscribe", channel=f"room:{self.room}", ref="join",
                               **({"since": self.last_offset} if self.last_offset else {}))

    async def next(self) -> dict:
        """The next chat, error or reset frame, reconnecting as told on the way."""
        while True:
            try:
                frame = await self.client.expect_any("chat", "error", "reset", "reconnect")
            except ConnectionClosed:
                frame = {"type": "reconnect"}
            if frame["type"] == "reconnect":
                await self.join()
                continue
            if frame["type"] == "reset":
                self.resets += 1
            if frame["type"] == "chat":
                self.seen.append(frame["text"])
                self.last_offset = frame["offset"]
            return frame

    async def until_seen(self, text: str) -> None:
        while text not in self.seen:
            await self.next()


async def test_chat_survives_a_redis_restart_and_bookings_stay(launch, private_redis,
                                                               committed_database) -> None:
    instance = await launch(REDIS_URL=private_redis.url)
    model_id = await instance.model_id(await instance.login("MODEL", 7_400_001))
    await open_all_day(committed_database, model_id)
    room = f"live:{model_id}"
    alice_headers = await instance.login("PRIME", 7_400_002)
    booking_id = await hold_and_pay(instance, await Client.open(instance, alice_headers), alice_headers,
                                    model_id)
    alice = Member(instance, alice_headers, room)
    bob = Member(instance, await instance.login("PRIME", 7_400_003), room)
    for member in (alice, bob):
        await member.join()
        await member.client.expect("subscribed", ref="join")
    await alice.client.send(type="chat", room=room, text="before the restart")
    for member in (alice, bob):
        await member.until_seen("before the restart")

    await private_redis.restart()

    for attempt in range(20):  # until alice sees her own message: the fan-out is back
        text = f"after the restart #{attempt}"
        await alice.client.send(type="chat", room=room, text=text)
        while (frame := await alice.next())["type"] == "chat" and frame["text"] != text:
            pass
        if frame["type"] == "chat":  # else `error`, not taken; or `reset`, the room starts afresh
            break
    while text not in bob.seen and (await bob.next())["type"] != "reset":
        pass
    stream = stream_key(instance.env["PNP_RT_PREFIX"], f"room:{room}")
    redis = Redis.from_url(private_redis.url)
    try:
        stored = [fields[b"f"] for _, fields in await redis.xrange(stream)]
    finally:
        await redis.aclose()
    assert stored, "the restarted Redis holds the messages sent since"
    if not bob.resets:  # no reset: bob must have every message the stream holds
        missed = [f for f in stored if not any(t.encode() in f for t in bob.seen)]
        assert missed == [], f"a silent gap: bob never heard {missed}"

    await alice.client.send(type="chat", room=room, text="and on it goes")
    await bob.until_seen("and on it goes")

    async with instance.http(headers=alice_headers) as http:
        booking = (await http.get(f"/api/bookings/{booking_id}")).json()
    assert booking["status"] == "confirmed"
