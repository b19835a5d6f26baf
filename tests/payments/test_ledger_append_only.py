"""The database itself refuses UPDATE and DELETE on ledger_entries."""

from __future__ import annotations

import asyncpg
import pytest


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_entries SET amount_cents = 0 WHERE id = $1",
    "DELETE FROM ledger_entries WHERE id = $1",
])
async def test_change_is_refused(conn, statement) -> None:
    entry = await conn.fetchval(
        """INSERT INTO ledger_entries (kind, amount_cents, currency)
           VALUES ('charge', 100, 'USD') RETURNING id""")
    with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
        async with conn.transaction():
            await conn.execute(statement, entry)
    assert await conn.fetchval("SELECT amount_cents FROM ledger_entries WHERE id = $1", entry) == 100
