"""Every channel name is built here and nowhere else."""

from __future__ import annotations

from typing import Literal

ChannelKind = Literal["presence", "room", "user", "moderation"]


def channel(kind: ChannelKind, key: str | int | None = None) -> str:
    """`presence`, `moderation`, `user:{id}` or `room:{room}`; a room is `live:{model_id}` or
    `call:{booking_id}`, named as the media relay names it."""
    if kind in ("presence", "moderation"):
        if key is not None:
            raise ValueError(f"the {kind} channel takes no key")
        return kind
    if key is None or str(key) == "":
        raise ValueError(f"the {kind} channel needs a key")
    return f"{kind}:{key}"
