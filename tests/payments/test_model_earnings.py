"""A model's earnings: pending until the session is completed and its hold days passed, then
available; by day, week or month; the dashboard figures come with them."""

from __future__ import annotations

import pytest


async def test_pending_vs_available(client, buyer, model, hold, pay, sandbox_event, paid_in_past) -> None:
    me = await buyer()
    await paid_in_past(model, me.id, days_ago=30)                # completed, hold over: available
    await paid_in_past(model, me.id, days_ago=2)                 # completed, within 7 days: pending
    out = await pay(me, (await hold(me, model))["id"])           # future session: pending
    await sandbox_event("payment.succeeded", out["url"].rsplit("/", 1)[1])
    response = await client.get("/api/model/me/earnings?period=week", headers=model.user.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["available_cents"] == 3500 and body["pending_cents"] == 7000
    assert body["lifetime_earnings_cents"] == 10500
    assert sum(b["earnings_cents"] for b in body["series"]) == 10500
    assert body["dashboard"]["upcoming"] == 1 and body["dashboard"]["completed"] == 2


@pytest.mark.parametrize("period", ["day", "week", "month"])
async def test_periods(client, buyer, model, paid_in_past, period) -> None:
    await paid_in_past(model, (await buyer()).id, days_ago=1)
    body = (await client.get(f"/api/model/me/earnings?period={period}", headers=model.user.headers)).json()
    assert body["period"] == period and len(body["series"]) == 1


async def test_a_model_without_profile_gets_404_and_bad_period_422(client, buyer) -> None:
    admin = await buyer("ADMIN")
    assert (await client.get("/api/model/me/earnings", headers=admin.headers)).status_code == 404
    model_user = await buyer("MODEL")
    assert (await client.get("/api/model/me/earnings?period=year", headers=model_user.headers)).status_code \
        == 422
