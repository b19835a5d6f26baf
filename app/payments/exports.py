"""Streamed exports: rows come from a server-side cursor on their own connection and leave as
they are read (CSV), or through openpyxl's write-only workbook (XLSX, rows never all in memory)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from openpyxl import Workbook

from app.payments.filters import Range
from core.db import Database, transaction

QUERIES: dict[str, tuple[list[str], str]] = {
    "bookings": (
        ["id", "model_id", "model_name", "client_id", "status", "starts_at", "ends_at", "duration_minutes",
         "price_cents", "currency", "created_at"],
        """SELECT b.id, b.model_id, m.display_name, b.client_id, b.status, b.starts_at, b.ends_at,
                  b.duration_minutes, b.price_cents, b.currency, b.created_at
           FROM pnp_bookings b JOIN pnp_models m ON m.id = b.model_id
           WHERE b.starts_at >= $1 AND b.starts_at < $2 AND ($3::bigint IS NULL OR b.model_id = $3)
           ORDER BY b.starts_at, b.id"""),
    "payments": (
        ["id", "booking_id", "model_id", "user_id", "provider", "provider_ref", "status", "amount_cents",
         "refunded_cents", "currency", "created_at", "updated_at"],
        """SELECT p.id, p.booking_id, b.model_id, p.user_id, p.provider, p.provider_ref, p.status,
                  p.amount_cents, p.refunded_cents, p.currency, p.created_at, p.updated_at
           FROM payments p LEFT JOIN pnp_bookings b ON b.id = p.booking_id
           WHERE p.created_at >= $1 AND p.created_at < $2 AND ($3::bigint IS NULL OR b.model_id = $3)
           ORDER BY p.created_at, p.id"""),
    "earnings": (  # the ledger itself: analytics figures are sums of these lines
        ["id", "created_at", "kind", "booking_id", "payment_id", "model_id", "user_id", "amount_cents",
         "currency", "available_at", "memo"],
        """SELECT l.id, l.created_at, l.kind, l.booking_id, l.payment_id, l.model_id, l.user_id,
                  l.amount_cents, l.currency, l.available_at, l.memo
           FROM ledger_entries l
           WHERE l.created_at >= $1 AND l.created_at < $2 AND ($3::bigint IS NULL OR l.model_id = $3)
           ORDER BY l.created_at, l.id"""),
}
MEDIA = {"csv": "text/csv",  # Litestar adds "; charset=utf-8" to every text/* type
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


async def _records(db: Database, kind: str, r: Range) -> AsyncIterator[tuple[Any, ...]]:
    async with transaction(db) as conn:
        async for record in conn.cursor(QUERIES[kind][1], r.start, r.end, r.model_id, prefetch=500):
            yield tuple(record.values())


async def csv_stream(db: Database, kind: str, r: Range) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(QUERIES[kind][0])
    async for row in _records(db, kind, r):
        writer.writerow([v.isoformat() if isinstance(v, datetime) else v for v in row])
        if buffer.tell() > 64_000:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


async def xlsx_stream(db: Database, kind: str, r: Range) -> AsyncIterator[bytes]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(kind)
    sheet.append(QUERIES[kind][0])
    async for row in _records(db, kind, r):  # openpyxl cannot store time zones: cells are UTC
        sheet.append([v.replace(tzinfo=None) if isinstance(v, datetime) else v for v in row])
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(64_000):
            yield chunk
