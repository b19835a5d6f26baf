"""Receipts (JSON and a printable page in es/en) and the client's payment history."""

from __future__ import annotations


async def _paid(buyer, model, hold, pay, sandbox_event):
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"])
    await sandbox_event("payment.succeeded", out["url"].rsplit("/", 1)[1])
    return me, booking, out


async def test_json_receipt(client, buyer, model, hold, pay, sandbox_event) -> None:
    me, booking, out = await _paid(buyer, model, hold, pay, sandbox_event)
    body = (await client.get(f"/api/bookings/{booking['id']}/receipt", headers=me.headers)).json()
    assert body["number"] == f"PNP-{booking['id']:06d}"
    assert (body["paid_cents"], body["refunded_cents"], body["total_cents"]) == (5000, 0, 5000)
    assert [p["id"] for p in body["payments"]] == [out["payment_id"]]
    as_model = await client.get(f"/api/bookings/{booking['id']}/receipt", headers=model.user.headers)
    assert as_model.status_code == 200
    stranger = await buyer()
    denied = await client.get(f"/api/bookings/{booking['id']}/receipt", headers=stranger.headers)
    assert denied.status_code == 404


async def test_printable_page_by_language(client, buyer, model, hold, pay, sandbox_event) -> None:
    me, booking, _ = await _paid(buyer, model, hold, pay, sandbox_event)
    spanish = await client.get(f"/api/bookings/{booking['id']}/receipt?format=html",
                               headers={**me.headers, "Accept-Language": "es-CO,es;q=0.9"})
    assert spanish.headers["content-type"].startswith("text/html")
    assert "Recibo" in spanish.text and "50.00 USD" in spanish.text and 'lang="es"' in spanish.text
    english = await client.get(f"/api/bookings/{booking['id']}/receipt.html", headers=me.headers)
    assert "Receipt" in english.text and 'lang="en"' in english.text
    forced = await client.get(f"/api/bookings/{booking['id']}/receipt.html?lang=es", headers=me.headers)
    assert "Imprimir" in forced.text


async def test_history_lists_only_own_payments(client, buyer, model, hold, pay, sandbox_event) -> None:
    me, _, out = await _paid(buyer, model, hold, pay, sandbox_event)
    other = await buyer()
    await pay(other, (await hold(other, model))["id"])
    items = (await client.get("/api/payments", headers=me.headers)).json()["items"]
    assert [(i["id"], i["status"], i["booking_status"]) for i in items] == \
        [(out["payment_id"], "succeeded", "confirmed")]
