"""A violation keeps the last five messages said before it in that room (author name, text, time),
on its row and on the moderators' `violation` frame."""

from __future__ import annotations


async def test_violation_keeps_the_five_messages_before_it(connect, login, me, sql) -> None:
    model = await me(await login("MODEL"))
    room = f"live:{model['model_id']}"
    alice = await connect(await login("PRIME", username="alice"))
    bob = await connect(await login("FREE", username="bob"))
    moderator = await connect(await login("MODERATOR"))
    for member in (alice, bob):
        assert (await member.subscribe(f"room:{room}"))["type"] == "subscribed"
    assert (await moderator.subscribe("moderation"))["type"] == "subscribed"
    said = [(alice, "alice", "first"), (bob, "bob", "second"), (alice, "alice", "third"),
            (bob, "bob", "fourth"), (alice, "alice", "fifth"), (bob, "bob", "sixth")]
    for sender, _, text in said:
        await sender.send(type="chat", room=room, text=text)
        await sender.expect("chat", text=text)
    await alice.send(type="chat", room=room, text="I am going to kill you and your family")
    violation = await moderator.expect("violation")
    expected = [(name, text) for _, name, text in said[1:]]
    assert [(line["author"], line["text"]) for line in violation["context"]] == expected
    assert violation["user_name"] == "alice"
    assert all(line["sent_at"] for line in violation["context"])
    stored = await sql("SELECT context FROM stream_chat_violations WHERE id = $1", violation["id"],
                       fetch="fetchval")
    assert [(line["author"], line["text"]) for line in stored] == expected
