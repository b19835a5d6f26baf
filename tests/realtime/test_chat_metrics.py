"""Chat moves the gateway's metrics: frames in and fanned out, moderation verdicts and latency."""

from __future__ import annotations

from prometheus_client import REGISTRY


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_a_chat_message_is_counted_in_and_out_with_its_verdict(connect, login, me) -> None:
    room = f"live:{(await me(await login('MODEL')))['model_id']}"
    alice, bob = await connect(await login("PRIME")), await connect(await login("FREE"))
    for member in (alice, bob):
        assert (await member.subscribe(f"room:{room}"))["type"] == "subscribed"
    frames_in, frames_out = sample("pnp_ws_frames_total", direction="in"), \
        sample("pnp_ws_frames_total", direction="out")
    allowed, checks = sample("pnp_moderation_verdicts_total", action="allow"), \
        sample("pnp_moderation_seconds_count")
    await alice.send(type="chat", room=room, text="hello, metrics")
    await bob.expect("chat")
    await alice.expect("chat")
    assert sample("pnp_ws_frames_total", direction="in") == frames_in + 1
    # the chat to both, and maybe a batched `viewers` update to the room meanwhile
    assert sample("pnp_ws_frames_total", direction="out") >= frames_out + 2
    assert sample("pnp_moderation_verdicts_total", action="allow") == allowed + 1
    assert sample("pnp_moderation_seconds_count") == checks + 1
