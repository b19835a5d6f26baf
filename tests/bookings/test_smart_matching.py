"""GET /api/match ranks (model, slot) pairs and shows the parts of each score."""

from __future__ import annotations

from datetime import timedelta


async def test_ranking_explains_itself(client, conn, bearer, make_user, make_model, slot) -> None:
    me = await make_user()
    cheap_es = await make_model(prices={30: 1000}, languages=["es"], tags=["yoga"])
    pricey_en = await make_model(prices={30: 9000}, languages=["en"], tags=["chat"])
    too_dear = await make_model(prices={30: 50_000})
    await conn.execute(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           VALUES ($1, $2, 'completed', now() - interval '9 days',
                   now() - interval '9 days' + interval '30 minutes', 30, 1000, 'USD')""",
        cheap_es,
        me,
    )
    start = slot(2)
    response = await client.get(
        "/api/match",
        headers=bearer(me),
        params={
            "from": start.isoformat(),
            "to": (start + timedelta(days=1)).isoformat(),
            "duration": 30,
            "budget": 10_000,
            "language": "es",
            "tags": ["yoga"],
            "limit": 50,
        },
    )
    assert response.status_code == 200, response.text
    items = [m for m in response.json()["items"] if m["model"]["id"] in (cheap_es, pricey_en, too_dear)]
    assert [m["model"]["id"] for m in items] == [cheap_es, pricey_en]  # over budget: filtered out
    best = items[0]
    assert best["parts"]["language"] == 1.0 and best["parts"]["tags"] == 1.0
    assert best["parts"]["past_bookings"] > 0 and best["parts"]["price"] == 0.9
    assert items[1]["parts"]["language"] == 0.0 and 0 <= items[1]["score"] < best["score"] <= 1
    assert best["slot"]["start"].startswith(start.strftime("%Y-%m-%dT%H:%M"))


async def test_visitors_get_no_history_part_and_online_filter(client, conn, make_model, slot) -> None:
    offline = await make_model()
    online = await make_model(is_online=True)
    response = await client.get("/api/match", params={"from": slot(2).isoformat(), "online_now": "true"})
    ids = [m["model"]["id"] for m in response.json()["items"]]
    assert online in ids and offline not in ids
    assert all(m["parts"]["past_bookings"] is None for m in response.json()["items"])
