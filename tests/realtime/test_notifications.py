"""Notifications reach `user:{id}` after commit, wait for offline users, and can be marked read."""

from __future__ import annotations

from app.notifications.service import notify
from core.db import transaction


async def _notify(app, user_id: int, kind: str) -> None:
    async with transaction(app.state.db) as conn:
        await notify(conn, app.state.events, user_id=user_id, kind=kind, payload={"booking_id": 7})


async def test_notification_reaches_the_connected_user_after_commit(app, connect, login) -> None:
    alice = await connect(await login("PRIME"))
    await alice.expect("unread")
    await _notify(app, alice.user_id, "booking.confirmed")
    frame = await alice.expect("notification")
    assert frame["kind"] == "booking.confirmed" and frame["payload"] == {"booking_id": 7}


async def test_offline_user_sees_unread_on_connect_and_marks_them_read(
        app, client, connect, login, me) -> None:
    headers = await login("PRIME")
    user_id = (await me(headers))["id"]
    for kind in ("payment.succeeded", "booking.confirmed"):
        await _notify(app, user_id, kind)
    alice = await connect(headers)
    assert (await alice.expect("unread"))["count"] == 2
    assert (await alice.expect("notification"))["kind"] == "payment.succeeded"
    assert (await alice.expect("notification"))["kind"] == "booking.confirmed"

    page = (await client.get("/api/notifications", params={"limit": 1}, headers=headers)).json()
    assert page["unread"] == 2 and len(page["items"]) == 1 and page["next_before_id"]
    newest = page["items"][0]
    assert newest["kind"] == "booking.confirmed" and newest["read_at"] is None
    older = (await client.get("/api/notifications", params={"before_id": page["next_before_id"]},
                              headers=headers)).json()
    assert [n["kind"] for n in older["items"]] == ["payment.succeeded"]

    marked = await client.post("/api/notifications/read", json={"ids": [newest["id"]]}, headers=headers)
    assert marked.json() == {"marked": 1, "unread": 1}
    assert (await client.post("/api/notifications/read", json={}, headers=headers)).json() == \
        {"marked": 1, "unread": 0}
    everything = (await client.get("/api/notifications", params={"unread": "false"}, headers=headers)).json()
    assert len(everything["items"]) == 2 and all(n["read_at"] for n in everything["items"])


async def test_someone_elses_notifications_are_untouched(app, client, login, me) -> None:
    owner, other = await login("PRIME"), await login("PRIME")
    await _notify(app, (await me(owner))["id"], "booking.confirmed")
    assert (await client.post("/api/notifications/read", json={}, headers=other)).json()["marked"] == 0
    assert (await client.get("/api/notifications", headers=owner)).json()["unread"] == 1
