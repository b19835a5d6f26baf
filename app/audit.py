from __future__ import annotations

from typing import Any

import asyncpg


async def record(conn: asyncpg.Connection, *, actor_id: int | None, action: str, entity: str,
                 entity_id: int | None, data: dict[str, Any] | None = None) -> None:
    await conn.execute(
        "INSERT INTO audit_log (actor_id, action, entity, entity_id, data) VALUES ($1, $2, $3, $4, $5)",
        actor_id, action, entity, entity_id, data or {},
    )
