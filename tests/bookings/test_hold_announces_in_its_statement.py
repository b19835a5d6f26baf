"""A hold writes in one statement (decision 0102): the stale hold it releases is audited and both
are announced, stored and pushed exactly as `notices.payload` would write them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import msgspec
import websockets

from app.auth.tokens import CurrentUser, issue_tokens
from app.bookings import queries
from app.bookings.notices import payload


async def _notification(socket_: websockets.ClientConnection) -> dict:
    async with asyncio.timeout(20):
        while (frame := msgspec.json.decode(await socket_.recv()))["type"] != "notification":
            pass
    return frame


async def test_stale_hold_audited_and_both_announced(world, live_settings, live_url, bearer, slot) -> None:
    model_id, first, second = await world.model(), await world.user(), await world.user()
    token = issue_tokens(CurrentUser(id=first, role="PRIME", onboarded=True),
                         secret=live_settings.jwt_secret, access_ttl=600, refresh_ttl=600).access_token
    body = {"model_id": model_id, "start": slot(hours=5).isoformat(), "duration_minutes": 30}
    async with websockets.connect(live_url.replace("http", "ws", 1) + f"/ws?token={token}") as socket_:
        await socket_.recv()  # the unread summary: the client's channel is subscribed
        async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
            held = await http.post("/api/bookings", json=body,
                                   headers={**bearer(first), "Idempotency-Key": "one"})
            assert held.status_code == 201, held.text
            stale_id = held.json()["id"]
            frame = await _notification(socket_)
            async with world.pool.acquire() as conn:
                stale = await conn.fetchrow(f"SELECT {queries.COLUMNS} FROM pnp_bookings b WHERE b.id = $1",
                                            stale_id)
                assert frame["kind"] == "booking.held" and frame["payload"] == payload(stale)
                await conn.execute("UPDATE pnp_bookings SET hold_expires_at = now() - interval '1 second' "
                                   "WHERE id = $1", stale_id)
            again = await http.post("/api/bookings", json=body,
                                    headers={**bearer(second), "Idempotency-Key": "two"})
            assert again.status_code == 201, again.text
        frame = await _notification(socket_)
    async with world.pool.acquire() as conn:
        stale = await conn.fetchrow(f"SELECT {queries.COLUMNS} FROM pnp_bookings b WHERE b.id = $1", stale_id)
        fresh = await conn.fetchrow(f"SELECT {queries.COLUMNS} FROM pnp_bookings b WHERE b.id = $1",
                                    again.json()["id"])
        audit = await conn.fetch(
            "SELECT action, data FROM audit_log WHERE entity = 'booking' AND entity_id = $1", stale_id)
        stored = await conn.fetch("SELECT user_id, kind, payload FROM notifications WHERE user_id = ANY($1) "
                                  "AND kind IN ('booking.expired', 'booking.held') ORDER BY id",
                                  [second, stale["model_user_id"]])
    assert frame["kind"] == "booking.expired" and frame["payload"] == payload(stale)
    assert [(r["action"], r["data"]) for r in audit] == [("booking.expired", {"by": "hold"})]
    model_user = stale["model_user_id"]
    assert [(r["user_id"], r["kind"], r["payload"]) for r in stored] == [
        (model_user, "booking.held", payload({**stale, "status": "held"})),
        (model_user, "booking.expired", payload(stale)),
        *sorted([(second, "booking.held", payload(fresh)), (model_user, "booking.held", payload(fresh))]),
    ]


async def test_iso_in_sql_matches_isoformat(conn) -> None:
    sql = f"SELECT {queries.iso_sql('$1::timestamptz')}"
    for moment in (datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
                   datetime(2026, 3, 1, 9, 30, 5, 123400, tzinfo=UTC)):
        assert await conn.fetchval(sql, moment) == moment.isoformat()
