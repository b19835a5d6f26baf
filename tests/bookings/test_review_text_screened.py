"""Review texts go through the chat classifier: a toxic one is refused with a 422 naming the
categories, a flagged one is published and queued for a moderator, a normal one just published."""

from __future__ import annotations


async def _completed(conn, model_id: int, client_id: int) -> int:
    return await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           VALUES ($1, $2, 'completed', now() - interval '2 days',
                   now() - interval '2 days' + interval '30 minutes', 30, 100, 'USD') RETURNING id""",
        model_id, client_id)


async def test_toxic_review_refused(client, conn, bearer, make_user, make_model) -> None:
    model_id, author = await make_model(), await make_user()
    booking = await _completed(conn, model_id, author)
    body = "Fuck you, you worthless piece of shit, go kill yourself"
    response = await client.post(f"/api/bookings/{booking}/review", headers=bearer(author),
                                 json={"rating": 1, "body": body})
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["type"].endswith("/problems/content-blocked")
    assert problem["field"] == "body" and "HR" in problem["categories"]
    assert await conn.fetchval("SELECT count(*) FROM pnp_reviews WHERE booking_id = $1", booking) == 0


async def test_flagged_review_published_and_queued(client, conn, bearer, make_user, make_model) -> None:
    model_id, author = await make_model(), await make_user()
    booking = await _completed(conn, model_id, author)
    body = "she was kind of an idiot honestly"
    response = await client.post(f"/api/bookings/{booking}/review", headers=bearer(author),
                                 json={"rating": 2, "body": body})
    assert response.status_code == 201, response.text
    assert response.json()["body"] == body
    row = await conn.fetchrow("SELECT user_id, action, review_status, categories FROM stream_chat_violations "
                              "WHERE room = $1", f"review:{booking}")
    assert (row["user_id"], row["action"], row["review_status"]) == (author, "flag", "pending")
    assert "HR" in row["categories"]


async def test_normal_review_published_unqueued(client, conn, bearer, make_user, make_model) -> None:
    model_id, author = await make_model(), await make_user()
    booking = await _completed(conn, model_id, author)
    body = "Lovely session, she was funny and on time. Would book again!"
    response = await client.post(f"/api/bookings/{booking}/review", headers=bearer(author),
                                 json={"rating": 5, "body": body})
    assert response.status_code == 201, response.text
    listed = (await client.get(f"/api/models/{model_id}/reviews")).json()
    assert [r["body"] for r in listed["items"]] == [body]
    assert await conn.fetchval("SELECT count(*) FROM stream_chat_violations WHERE room = $1",
                               f"review:{booking}") == 0
