"""Directory pages cached in Redis under the catalogue version (migrations/0070); without Redis,
in this process (core/kv.py).

The version is bumped by triggers inside the writing transaction, so a reader that sees a write
also sees the new version and never a page cached before it."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

import asyncpg
import msgspec

from app.catalog.schemas import ModelFilters, ModelPage
from core.db import Connection
from core.kv import KeyValue
from core.metrics import CACHE

TTL_SECONDS = 60
_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(ModelPage)


def _key(state: asyncpg.Record, visibilities: list[str], filters: ModelFilters,
         approval: bool) -> str:
    """`approval` (PNP_MODEL_APPROVAL) is in the key: a restart that flips it keeps the version."""
    digest = hashlib.sha256(_encoder.encode([visibilities, filters, approval])).hexdigest()[:32]
    return f"pnp:catalog:{state['epoch']}:v{state['version']}:{digest}"


async def cached_page(conn: Connection, kv: KeyValue, *, visibilities: list[str],
                      filters: ModelFilters, approval: bool,
                      load: Callable[[], Awaitable[ModelPage]]) -> ModelPage:
    state = await conn.fetchrow("SELECT epoch, version FROM catalog_state")
    key = _key(state, visibilities, filters, approval)
    try:
        hit = await kv.get(key)
    except Exception:
        hit = None
    if hit is not None:
        CACHE.labels("catalog", "hit").inc()
        return _decoder.decode(hit)
    CACHE.labels("catalog", "miss").inc()
    page = await load()
    try:
        await kv.set(key, _encoder.encode(page), px=TTL_SECONDS * 1000)
    except Exception:
        CACHE.labels("catalog", "error").inc()
    return page
