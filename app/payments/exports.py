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

from app.payments import queries
from app.payments.filters import Range
from core.db import Database, transaction

COLUMNS = {kind: columns for kind, (columns, _) in queries.EXPORTS.items()}
MEDIA = {"csv": "text/csv",  # Litestar adds "; charset=utf-8" to every text/* type
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


async def _records(db: Database, kind: str, r: Range) -> AsyncIterator[tuple[Any, ...]]:
    async with transaction(db) as conn:
        async for record in queries.export_records(conn, kind, start=r.start, end=r.end, model_id=r.model_id):
            yield tuple(record.values())


async def csv_stream(db: Database, kind: str, r: Range) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS[kind])
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
    sheet.append(COLUMNS[kind])
    async for row in _records(db, kind, r):  # openpyxl cannot store time zones: cells are UTC
        sheet.append([v.replace(tzinfo=None) if isinstance(v, datetime) else v for v in row])
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(64_000):
            yield chunk
