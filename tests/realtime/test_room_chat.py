"""Chat between two clients in a live room, and every way a message is refused."""

from __future__ import annotations

import msgspec
import pytest


@pytest.fixture
def settings(settings):
    return msgspec.structs.replace(settings, chat_burst=4, chat_per_second=0.5)


@pytest.fixture
async def room(login, me) -> str:
    model = await me(await login("MODEL"))
    return f"live:{model['model_id']}"


@pytest.fixture
async def pair(connect, login, room):
    alice, bob = await connect(await login("PRIME", username="alice")), await connect(await login("FREE"))
    for member in (alice, bob):
        assert (await member.subscribe(f"room:{room}"))["type"] == "subscribed"
    return alice, bob


async def test_chat_reaches_the_room_with_an_offset(pair, room) -> None:
    alice, bob = pair
    await alice.send(type="chat", room=room, text="  hello bob  ")
    heard = await bob.expect("chat")
    assert heard["text"] == "hello bob" and heard["user_id"] == alice.user_id
    assert heard["username"] == "alice" and heard["room"] == room and not heard["flagged"]
    assert heard["offset"].split("-")[0].isdigit()
    assert (await alice.expect("chat"))["offset"] == heard["offset"]


async def test_chat_needs_a_subscription(connect, login, room) -> None:
    outsider = await connect(await login("PRIME"))
    await outsider.send(type="chat", room=room, text="hi", ref="r1")
    assert (await outsider.expect("error", ref="r1"))["code"] == "not_subscribed"


async def test_blocked_message_is_rejected_recorded_and_sent_to_moderation(
        pair, room, connect, login, sql) -> None:
    alice, bob = pair
    moderator = await connect(await login("MODERATOR"))
    assert (await moderator.subscribe("moderation"))["type"] == "subscribed"
    await alice.send(type="chat", room=room, text="I am going to kill you and your family", ref="bad")
    rejected = await alice.expect("rejected", ref="bad")
    assert rejected["reason"] == "blocked" and "V" in rejected["categories"]
    violation = await moderator.expect("violation")
    assert violation["action"] == "block" and violation["user_id"] == alice.user_id
    assert violation["room"] == room and violation["message"] == "I am going to kill you and your family"
    row = await sql("SELECT * FROM stream_chat_violations WHERE id = $1", violation["id"], fetch="fetchrow")
    assert row["action"] == "block" and "V" in row["categories"]
    await alice.send(type="chat", room=room, text="sorry")
    assert (await bob.expect("chat"))["text"] == "sorry"  # the blocked one never arrived


async def test_flagged_message_is_delivered_and_recorded(pair, room, connect, login) -> None:
    alice, bob = pair
    moderator = await connect(await login("ADMIN"))
    await moderator.subscribe("moderation")
    await alice.send(type="chat", room=room, text="you are kind of an idiot honestly")
    heard = await bob.expect("chat")
    assert heard["flagged"] and heard["text"] == "you are kind of an idiot honestly"
    assert (await moderator.expect("violation"))["action"] == "flag"


async def test_moderation_down_fails_closed(pair, room, app) -> None:
    class Unavailable:
        async def check(self, text: str):
            raise ConnectionError("classifier down")

    alice, _ = pair
    app.state.realtime.moderator = Unavailable()
    await alice.send(type="chat", room=room, text="hello", ref="m")
    assert (await alice.expect("rejected", ref="m"))["reason"] == "moderation_unavailable"


@pytest.mark.parametrize("column, reason", [("muted_until", "muted"), ("banned_until", "banned")])
async def test_muted_and_banned_users_are_refused(pair, room, sql, column, reason) -> None:
    alice, _ = pair
    await sql(f"UPDATE users SET {column} = now() + interval '1 hour' WHERE id = $1",
                       alice.user_id)
    await alice.send(type="chat", room=room, text="let me talk", ref="x")
    assert (await alice.expect("rejected", ref="x"))["reason"] == reason


async def test_length_limit(pair, room, settings) -> None:
    alice, _ = pair
    await alice.send(type="chat", room=room, text="a" * (settings.chat_max_length + 1), ref="long")
    assert (await alice.expect("rejected", ref="long"))["reason"] == "length"
    await alice.send(type="chat", room=room, text="   ", ref="blank")
    assert (await alice.expect("rejected", ref="blank"))["reason"] == "length"


async def test_token_bucket_limits_bursts(pair, room, settings) -> None:
    alice, _ = pair
    for n in range(settings.chat_burst * 2):
        await alice.send(type="chat", room=room, text=f"m{n}", ref=str(n))
    limited = await alice.expect("rejected", reason="rate_limited")
    assert limited["retry_after_ms"] > 0
