"""Support contact: tickets a user opens and admins answer; an answer notifies the user."""

from __future__ import annotations

import asyncpg
import msgspec

from app import audit
from app.auth.tokens import CurrentUser
from app.errors import not_found
from app.notifications.service import notify
from app.support import queries
from app.support.schemas import ReplyIn, TicketIn, TicketOut, TicketPage
from core.db import Connection
from core.events import EventBus


def _out(row: asyncpg.Record) -> TicketOut:
    return msgspec.convert(dict(row), TicketOut, strict=False)


async def _load(conn: Connection, ticket_id: int) -> TicketOut:
    row = await queries.get_ticket(conn, ticket_id)
    if row is None:
        raise not_found("ticket")
    return _out(row)


async def open_ticket(conn: Connection, *, user: CurrentUser, data: TicketIn) -> TicketOut:
    ticket_id = await queries.insert_ticket(
        conn, user_id=user.id, subject=data.subject.strip() or data.subject, message=data.message)
    return await _load(conn, ticket_id)


async def list_tickets(conn: Connection, *, user: CurrentUser, status: str | None, limit: int,
                       offset: int) -> TicketPage:
    """Admins see every ticket; anyone else only their own."""
    owner = None if user.role == "ADMIN" else user.id
    rows, total = await queries.list_tickets(conn, user_id=owner, status=status, limit=limit,
                                             offset=offset)
    return TicketPage(items=[_out(r) for r in rows], total=total, limit=limit, offset=offset)


async def reply(conn: Connection, events: EventBus, *, actor: CurrentUser, ticket_id: int,
                data: ReplyIn) -> TicketOut:
    status = "closed" if data.close else "answered"
    owner = await queries.add_reply(conn, ticket_id=ticket_id, author_id=actor.id,
                                    message=data.message, status=status)
    if owner is None:
        raise not_found("ticket")
    await audit.record(conn, actor_id=actor.id, action="support.replied", entity="support_ticket",
                       entity_id=ticket_id, data={"status": status})
    await notify(conn, events, user_id=owner, kind="support.reply",
                 payload={"ticket_id": ticket_id, "status": status})
    return await _load(conn, ticket_id)
