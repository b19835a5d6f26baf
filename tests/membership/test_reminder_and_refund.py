"""A renewal reminder goes out once, 3 days before a period with nothing after it ends (not when
a renewal is chained); a full refund cuts the period and the account is FREE at once."""

from __future__ import annotations

from app.membership.jobs import REMINDER, remind
from tests.conftest import SharedConnection
from tests.membership.conftest import sandbox_ref


async def _reminders(conn, user_id: int) -> list:
    return await conn.fetch("SELECT payload FROM notifications WHERE user_id = $1 AND kind = $2",
                            user_id, REMINDER)


async def test_reminder_three_days_before_the_end_once(app, conn, member, paid, shift, settings) -> None:
    db = SharedConnection(conn)
    me = await member("FREE")
    renewed = await member("FREE")
    await paid(me)
    await paid(renewed)
    await shift(me.id, 26)  # 4 days left: too early
    await shift(renewed.id, 26)
    assert await remind(db, app.state.events, settings) == 0
    await shift(me.id, 2)  # 2 days left
    await shift(renewed.id, 2)
    await paid(renewed)  # renewed: a period is chained after the one ending
    assert await remind(db, app.state.events, settings) == 1
    assert await remind(db, app.state.events, settings) == 0
    [reminder] = await _reminders(conn, me.id)
    assert reminder["payload"]["plan"] == "prime_30"
    assert await _reminders(conn, renewed.id) == []


async def test_full_refund_cuts_the_period(conn, member, paid, sandbox_event) -> None:
    me = await member("FREE")
    first = await paid(me, "prime_30")
    second = await paid(me, "prime_90")
    ends = await conn.fetchval("SELECT max(ends_at) FROM memberships WHERE user_id = $1", me.id)

    partial = await sandbox_event("refund.succeeded", sandbox_ref(first), refunded_cents=500)
    assert partial.json()["result"] == "refunded"
    assert await conn.fetchval("SELECT count(*) FROM memberships WHERE cut_at IS NOT NULL") == 0

    full = await sandbox_event("refund.succeeded", sandbox_ref(first), refunded_cents=1999)
    assert full.json()["result"] == "refunded"
    # the renewal moves up by the 30 days the refunded period had left: still PRIME, 90 days
    rows = await conn.fetch("SELECT cut_at, starts_at, ends_at FROM memberships WHERE user_id = $1 "
                             " ORDER BY id",
                            me.id)
    assert rows[0]["cut_at"] is not None and rows[1]["cut_at"] is None
    assert (ends - rows[1]["ends_at"]).days == 30 and (rows[1]["ends_at"] - rows[1]["starts_at"]).days == 90
    assert await conn.fetchval("SELECT role FROM users WHERE id = $1", me.id) == "PRIME"

    await sandbox_event("refund.succeeded", sandbox_ref(second), refunded_cents=4999)
    assert await conn.fetchval("SELECT role FROM users WHERE id = $1", me.id) == "FREE"
    money = await conn.fetchval(
        "SELECT sum(amount_cents) FROM ledger_entries WHERE payment_id = ANY($1::bigint[]) AND kind IN "
        "('charge', 'refund')", [first["payment_id"], second["payment_id"]])
    assert money == 0
    changes = await conn.fetch("SELECT to_role, reason FROM role_changes WHERE user_id = $1"
                            " ORDER BY id", me.id)
    assert [c["to_role"] for c in changes] == ["PRIME", "FREE"] and "refunded" in changes[1]["reason"]
