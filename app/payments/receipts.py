"""Receipts: the booking, what was paid and refunded (from the ledger), as JSON or a printable page."""

from __future__ import annotations

import html
from typing import Any

from app.auth.tokens import CurrentUser
from app.bookings import queries as bookings
from app.bookings.service import visible_booking
from app.payments import queries
from core.db import Connection

TEXT = {
    "en": {"title": "Receipt", "number": "Receipt no.", "session": "Private session with",
           "when": "Date", "minutes": "min", "paid": "Paid", "refunded": "Refunded", "total": "Total",
           "status": "Status", "method": "Method", "print": "Print", "issued": "Issued"},
    "es": {"title": "Recibo", "number": "Recibo n.º", "session": "Sesión privada con",
           "when": "Fecha", "minutes": "min", "paid": "Pagado", "refunded": "Reembolsado", "total": "Total",
           "status": "Estado", "method": "Método", "print": "Imprimir", "issued": "Emitido"},
}


def language(query: str | None, accept: str | None, stored: str | None) -> str:
    """?lang=, then the first es/en in Accept-Language, then the account's language."""
    if query in TEXT:
        return query
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in TEXT:
            return tag
    return stored if stored in TEXT else "en"


async def receipt(conn: Connection, user: CurrentUser, booking_id: int) -> dict[str, Any]:
    booking = await visible_booking(conn, user, booking_id)
    model = await bookings.model_name(conn, booking["model_id"])
    payments = await queries.for_booking(conn, booking_id)
    money = await queries.receipt_money(conn, booking_id)
    return {
        "number": f"PNP-{booking_id:06d}", "booking_id": booking_id, "status": booking["status"],
        "model_id": booking["model_id"], "model_name": model, "client_id": booking["client_id"],
        "starts_at": booking["starts_at"], "duration_minutes": booking["duration_minutes"],
        "currency": booking["currency"], "price_cents": booking["price_cents"],
        "paid_cents": int(money["paid"]), "refunded_cents": int(money["refunded"]),
        "total_cents": int(money["paid"] - money["refunded"]), "issued_at": money["issued_at"],
        "payments": [{"id": p["id"], "provider": p["provider"], "status": p["status"],
                      "amount_cents": p["amount_cents"], "refunded_cents": p["refunded_cents"],
                      "created_at": p["created_at"]} for p in payments
                     if p["status"] in ("succeeded", "refunded", "partially_refunded")],
    }


def _money(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency}"


def render(data: dict[str, Any], lang: str) -> str:
    t = TEXT[lang]
    cur = data["currency"]
    rows = "".join(
        f"<tr><td>{t['method']}: {html.escape(p['provider'])} ({html.escape(p['status'])})</td>"
        f"<td class=n>{_money(p['amount_cents'], cur)}</td></tr>" for p in data["payments"])
    issued = data["issued_at"].strftime("%Y-%m-%d") if data["issued_at"] else "—"
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{t['title']} {data['number']}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}
table{{width:100%;border-collapse:collapse}}td{{padding:.4rem 0;border-bottom:1px solid #ddd}}
.n{{text-align:right}}@media print{{button{{display:none}}}}</style></head><body>
<h1>{t['title']}</h1><p>{t['number']} <strong>{data['number']}</strong> · {t['issued']} {issued}</p>
<p>{t['session']} <strong>{html.escape(data['model_name'] or '')}</strong><br>
{t['when']}: {data['starts_at'].strftime('%Y-%m-%d %H:%M UTC')} ·
{data['duration_minutes']} {t['minutes']}<br>
{t['status']}: {html.escape(data['status'])}</p>
<table>{rows}
<tr><td>{t['paid']}</td><td class=n>{_money(data['paid_cents'], cur)}</td></tr>
<tr><td>{t['refunded']}</td><td class=n>-{_money(data['refunded_cents'], cur)}</td></tr>
<tr><td><strong>{t['total']}</strong></td>
<td class=n><strong>{_money(data['total_cents'], cur)}</strong></td></tr>
</table><p><button onclick="window.print()">{t['print']}</button></p></body></html>"""
