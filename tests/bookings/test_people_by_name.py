"""Answers name the people in a booking: admins read model and client by name (ids beside them),
a client reads the model's name, and a review is signed by the client's first name or by nobody
(the page then says "verified client"), never by a role."""

from __future__ import annotations


async def _booking(conn, model_id: int, client_id: int) -> int:
    return await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           VALUES ($1, $2, 'completed', now() - interval '2 days',
                   now() - interval '2 days' + interval '30 minutes', 30, 100, 'USD') RETURNING id""",
        model_id, client_id)


async def test_admin_bookings_name_model_and_client(client, conn, bearer, make_user, make_model) -> None:
    model_id = await make_model(display_name="Luna Vega")
    client_id = await make_user()
    await conn.execute(
        "UPDATE users SET first_name = 'Rosa', username = 'rosa_r', photo_url = $2 WHERE id = $1",
        client_id, "https://t.me/i/userpic/320/rosa.jpg")
    booking_id = await _booking(conn, model_id, client_id)
    page = await client.get("/api/admin/bookings", headers=bearer(await make_user("ADMIN"), "ADMIN"),
                            params={"client_id": client_id})
    assert page.status_code == 200, page.text
    [item] = page.json()["items"]
    assert item["id"] == booking_id and item["model_name"] == "Luna Vega"
    assert item["client"] == {"id": client_id, "name": "Rosa", "username": "rosa_r",
                              "photo_url": "https://t.me/i/userpic/320/rosa.jpg"}
    mine = (await client.get("/api/bookings", headers=bearer(client_id))).json()
    assert [b["model_name"] for b in mine["items"]] == ["Luna Vega"]


async def test_reviews_are_signed_by_first_name_or_nobody(client, conn, make_user, make_model) -> None:
    model_id = await make_model()
    named, nameless = await make_user(), await make_user()
    await conn.execute("UPDATE users SET first_name = 'Paula' WHERE id = $1", named)
    await conn.execute("UPDATE users SET first_name = '', username = 'no_first' WHERE id = $1", nameless)
    for client_id in (named, nameless):
        await conn.execute(
            "INSERT INTO pnp_reviews (booking_id, model_id, client_id, rating) VALUES ($1, $2, $3, 5)",
            await _booking(conn, model_id, client_id), model_id, client_id)
    reviews = (await client.get(f"/api/models/{model_id}/reviews")).json()["items"]
    assert sorted(r["author"] or "" for r in reviews) == ["", "Paula"]
