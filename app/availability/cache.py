"""A model's bookable slots cached in Redis under its availability version (migrations/0075);
without Redis, in this process (core/kv.py).

What an answer depends on, and why a cached one never offers a slot that is no longer bookable:

- **The database.** Rules, overrides, one-off slots, blocked dates, the model's settings and
  prices, and its live bookings and holds. Triggers bump the model's version in the writing
  transaction (a hold, a cancel, an expiry by the sweeper or the hold path, a confirm, a rule
  change), so a reader that sees a write reads a new key: a hold hides its slot from the very next
  read, a cancel brings it back.
- **Holds lapsing.** A hold past `hold_expires_at` frees its slot before anything writes it (the
  sweeper comes later). The key carries the model's earliest live-hold expiry, read in the same
  statement as the version with the database clock the slot query uses, so at that instant the
  key changes and the next read recomputes.
- **`now` itself.** The rules turn a slot away once it is inside the minimum notice (or past) and
  admit it once it enters the booking window. Only the first makes an old answer wrong, so a hit
  drops every slot that starts before `now + min_notice` by the reader's clock: time can only hide
  slots from a cached answer, never offer one. What time adds (a day entering the window; with no
  `from`, the end of the default week moving on) shows up after at most `TTL_SECONDS`. A request
  without `from` is keyed as "from now", not by the instant, for the same reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import msgspec

from app.availability import queries
from app.availability.schemas import SlotList
from app.errors import not_found
from core.db import Connection
from core.kv import KeyValue
from core.metrics import CACHE

TTL_SECONDS = 60
Params = tuple[datetime | None, datetime | None, int | None, str | None]


class Entry(msgspec.Struct, forbid_unknown_fields=True):
    visibility: str
    min_notice_min: int
    page: SlotList


Load = Callable[[], Awaitable[Entry]]
_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Entry)


def _key(state: dict, model_id: int, params: Params) -> str:
    digest = hashlib.sha256(_encoder.encode(params)).hexdigest()[:32]
    lapse = state["lapse"].timestamp() if state["lapse"] else "-"
    return f"pnp:avail:{state['epoch']}:{model_id}:v{state['version'] or 0}:{lapse}:{digest}"


def still_bookable(entry: Entry, now: datetime) -> SlotList:
    cutoff = now + timedelta(minutes=entry.min_notice_min)
    page = entry.page
    return msgspec.structs.replace(page, slots=[s for s in page.slots if s.start >= cutoff])


async def cached_slots(conn: Connection, kv: KeyValue, *, model_id: int, params: Params,
                       visibilities: list[str], now: datetime, load: Load) -> SlotList:
    """The answer of `load()` (which raises for a missing model or a bad duration, uncached)."""
    state = dict(await queries.cache_state(conn, model_id))
    key = _key(state, model_id, params)
    try:
        found = await kv.get(key)
    except Exception:
        CACHE.labels("availability", "error").inc()
        found = None
    if found is not None:
        CACHE.labels("availability", "hit").inc()
        entry = _decoder.decode(found)
    else:
        CACHE.labels("availability", "miss").inc()
        entry = await load()
        try:
            await kv.set(key, _encoder.encode(entry), px=TTL_SECONDS * 1000)
        except Exception:
            CACHE.labels("availability", "error").inc()
    if entry.visibility not in visibilities:
        raise not_found("model")
    return still_bookable(entry, now)
