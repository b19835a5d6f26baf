"""Subscribing checks permission: call rooms for their parties and staff, the moderation feed for
staff, `user:{id}` for that user, live rooms as the model's visibility allows."""

from __future__ import annotations

import pytest


@pytest.fixture
async def call(login, me, book):
    client_headers, model_headers = await login("PRIME"), await login("MODEL")
    model = await me(model_headers)
    booking_id = await book(model["model_id"], (await me(client_headers))["id"])
    return {"client": client_headers, "model": model_headers, "room": f"room:call:{booking_id}"}


async def test_free_user_may_not_join_a_booked_call_or_the_moderation_feed(connect, login, call) -> None:
    free = await connect(await login("FREE"))
    denied = await free.subscribe(call["room"])
    assert denied["type"] == "error" and denied["code"] == "forbidden"
    denied = await free.subscribe("moderation")
    assert denied["type"] == "error" and denied["code"] == "forbidden"
    denied = await free.subscribe(f"user:{free.user_id + 1}")
    assert denied["type"] == "error" and denied["code"] == "forbidden"
    assert (await free.subscribe(f"user:{free.user_id}"))["type"] == "subscribed"


@pytest.mark.parametrize("who", ["client", "model", "MODERATOR", "ADMIN"])
async def test_call_room_is_open_to_its_parties_and_staff(connect, login, call, who) -> None:
    headers = call[who] if who in call else await login(who)
    member = await connect(headers)
    assert (await member.subscribe(call["room"]))["type"] == "subscribed"


@pytest.mark.parametrize("role", ["PRIME", "MODEL"])
async def test_other_accounts_may_not_join_a_call(connect, login, call, role) -> None:
    stranger = await connect(await login(role))
    assert (await stranger.subscribe(call["room"]))["code"] == "forbidden"


@pytest.mark.parametrize("role, allowed", [("MODERATOR", True), ("ADMIN", True), ("PRIME", False),
                                           ("MODEL", False)])
async def test_moderation_feed_is_for_staff(connect, login, role, allowed) -> None:
    user = await connect(await login(role))
    assert ((await user.subscribe("moderation"))["type"] == "subscribed") is allowed


async def test_live_room_follows_visibility(connect, login, me, client) -> None:
    model_headers = await login("MODEL")
    model = await me(model_headers)
    free, prime = await connect(await login("FREE")), await connect(await login("PRIME"))
    room = f"room:live:{model['model_id']}"
    assert (await free.subscribe(room))["type"] == "subscribed"
    edited = await client.put("/api/model/me", headers=model_headers, json={"visibility": "prime"})
    assert edited.status_code == 200, edited.text
    other_free = await connect(await login("FREE"))
    assert (await other_free.subscribe(room))["code"] == "not_found"
    assert (await prime.subscribe(room))["type"] == "subscribed"
    assert (await prime.subscribe("room:live:999999"))["code"] == "not_found"
