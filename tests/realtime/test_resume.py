"""A client that reconnects with its last offset gets what it missed, or `reset` when it is gone."""

from __future__ import annotations


async def test_reconnect_with_offset_replays_missed_messages(connect, login, me) -> None:
    room = f"live:{(await me(await login('MODEL')))['model_id']}"
    alice_headers, bob_headers = await login("PRIME"), await login("PRIME")
    alice, bob = await connect(alice_headers), await connect(bob_headers)
    await alice.subscribe(f"room:{room}")
    await bob.subscribe(f"room:{room}")
    await alice.send(type="chat", room=room, text="first")
    last_seen = (await bob.expect("chat", text="first"))["offset"]
    await bob.ws.close()
    for text in ("second", "third"):
        await alice.send(type="chat", room=room, text=text)
        await alice.expect("chat", text=text)
    bob = await connect(bob_headers)
    await bob.send(type="subscribe", channel=f"room:{room}", since=last_seen, ref="again")
    assert (await bob.expect("subscribed", ref="again"))["replayed"] == 2
    assert (await bob.expect("chat"))["text"] == "second"
    assert (await bob.expect("chat"))["text"] == "third"


async def test_offset_that_is_gone_gets_reset(connect, login, me) -> None:
    room = f"room:live:{(await me(await login('MODEL')))['model_id']}"
    bob = await connect(await login("PRIME"))
    await bob.send(type="subscribe", channel=room, since="1000-0", ref="old")
    assert (await bob.expect("reset"))["channel"] == room
    assert (await bob.expect("subscribed", ref="old"))["replayed"] == 0
