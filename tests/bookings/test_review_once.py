"""A client reviews a completed booking once; the model's rating aggregate follows."""

from __future__ import annotations


async def _booking(conn, model_id, client_id, status="completed") -> int:
    return await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           VALUES ($1, $2, $3, now() - interval '2 days', now() - interval '2 days' + interval '30 minutes',
                   30, 100, 'USD') RETURNING id""",
        model_id,
        client_id,
        status,
    )


async def test_review_once_and_rating_kept_right(client, conn, bearer, make_user, make_model) -> None:
    model_id, first, second = await make_model(), await make_user(), await make_user()
    one, two = await _booking(conn, model_id, first), await _booking(conn, model_id, second)
    ok = await client.post(
        f"/api/bookings/{one}/review", headers=bearer(first), json={"rating": 5, "body": "great"}
    )
    assert ok.status_code == 201, ok.text
    again = await client.post(f"/api/bookings/{one}/review", headers=bearer(first), json={"rating": 1})
    assert again.status_code == 409
    await client.post(f"/api/bookings/{two}/review", headers=bearer(second), json={"rating": 2})
    model = await conn.fetchrow(
        "SELECT rating_avg::float8 AS avg, rating_count FROM pnp_models WHERE id = $1", model_id
    )
    assert (model["avg"], model["rating_count"]) == (3.5, 2)
    listed = (await client.get(f"/api/models/{model_id}/reviews")).json()
    assert [r["rating"] for r in listed["items"]] == [2, 5] and listed["rating_avg"] == 3.5


async def test_only_the_client_of_a_completed_booking(client, conn, bearer, make_user, make_model) -> None:
    model_id, owner, stranger = await make_model(), await make_user(), await make_user()
    upcoming = await _booking(conn, model_id, owner, status="confirmed")
    done = await _booking(conn, model_id, owner)
    assert (
        await client.post(f"/api/bookings/{upcoming}/review", headers=bearer(owner), json={"rating": 4})
    ).status_code == 409
    assert (
        await client.post(f"/api/bookings/{done}/review", headers=bearer(stranger), json={"rating": 4})
    ).status_code == 404
    assert (
        await client.post(f"/api/bookings/{done}/review", headers=bearer(owner), json={"rating": 6})
    ).status_code == 422
