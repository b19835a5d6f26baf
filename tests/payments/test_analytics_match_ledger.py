"""Analytics figures equal the ledger's sums and the exports of the same filters."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook


async def _world(buyer, model, hold, pay, sandbox_event, paid_in_past):
    big, small = await buyer(), await buyer()
    await paid_in_past(model, big.id, days_ago=3, cents=9000)
    await paid_in_past(model, small.id, days_ago=2)
    out = await pay(small, (await hold(small, model))["id"])
    ref = out["url"].rsplit("/", 1)[1]
    await sandbox_event("payment.succeeded", ref)
    await sandbox_event("refund.succeeded", ref, refunded_cents=5000)
    await pay(big, (await hold(big, model))["id"])  # a hold that is never paid
    return big, small


async def test_revenue_earnings_and_exports_agree(client, conn, buyer, model, hold, pay, sandbox_event,
                                                  paid_in_past) -> None:
    big, _ = await _world(buyer, model, hold, pay, sandbox_event, paid_in_past)
    admin = await buyer("ADMIN")
    q = f"model_id={model.id}"
    expected = await conn.fetchrow(
        """SELECT sum(amount_cents) FILTER (WHERE kind IN ('charge', 'refund')) AS gross,
                  sum(amount_cents) FILTER (WHERE kind = 'commission') AS commission,
                  sum(amount_cents) FILTER (WHERE kind = 'model_earning') AS earnings
           FROM ledger_entries WHERE model_id = $1""", model.id)
    assert expected["gross"] == 14000
    for period in ("day", "week", "month"):
        revenue = (await client.get(f"/api/admin/analytics/revenue?period={period}&{q}",
                                    headers=admin.headers)).json()
        assert revenue["totals"]["gross_cents"] == expected["gross"]
        assert sum(b["gross_cents"] for b in revenue["series"]) == expected["gross"]
        assert revenue["totals"]["commission_cents"] == expected["commission"]
    per_model = (await client.get(f"/api/admin/analytics/earnings?{q}", headers=admin.headers)).json()
    assert per_model["models"][0]["earnings_cents"] == expected["earnings"]

    csv_rows = list(csv.DictReader(io.StringIO(
        (await client.get(f"/api/admin/export/earnings.csv?{q}", headers=admin.headers)).text)))
    assert sum(int(r["amount_cents"]) for r in csv_rows if r["kind"] in ("charge", "refund")) \
        == expected["gross"]
    xlsx = await client.get(f"/api/admin/export/earnings.xlsx?{q}", headers=admin.headers)
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True)["earnings"]
    rows = list(sheet.iter_rows(values_only=True))
    kind, amount = rows[0].index("kind"), rows[0].index("amount_cents")
    assert sum(r[amount] for r in rows[1:] if r[kind] == "model_earning") == expected["earnings"]

    top = (await client.get(f"/api/admin/analytics/top-clients?{q}", headers=admin.headers)).json()
    assert top["clients"][0]["user_id"] == big.id and top["clients"][0]["spent_cents"] == 9000


async def test_booking_and_payment_exports(client, buyer, model, hold, pay, sandbox_event,
                                           paid_in_past) -> None:
    await _world(buyer, model, hold, pay, sandbox_event, paid_in_past)
    admin = await buyer("ADMIN")
    q = f"model_id={model.id}&from=2020-01-01&to=2029-12-31"
    bookings = list(csv.DictReader(io.StringIO(
        (await client.get(f"/api/admin/export/bookings.csv?{q}", headers=admin.headers)).text)))
    assert len(bookings) == 4
    payments = await client.get(f"/api/admin/export/payments.csv?{q}", headers=admin.headers)
    assert payments.headers["content-disposition"] == 'attachment; filename="payments.csv"'
    assert payments.headers["content-type"] == "text/csv; charset=utf-8"
    statuses = sorted(r["status"] for r in csv.DictReader(io.StringIO(payments.text)))
    assert statuses == ["pending", "refunded", "succeeded", "succeeded"]
    assert (await client.get("/api/admin/export/users.csv", headers=admin.headers)).status_code == 404


async def test_success_rate_utilization_conflicts(client, conn, buyer, model, hold, pay, sandbox_event,
                                                  paid_in_past) -> None:
    await _world(buyer, model, hold, pay, sandbox_event, paid_in_past)
    admin = await buyer("ADMIN")
    q = f"model_id={model.id}"
    rate = (await client.get(f"/api/admin/analytics/success-rate?{q}", headers=admin.headers)).json()
    assert (rate["holds"], rate["confirmed"]) == (4, 2) and rate["rate"] == 0.5
    util = (await client.get(f"/api/admin/analytics/utilization?{q}", headers=admin.headers)).json()
    row = util["models"][0]
    assert row["available_minutes"] == 30 * 1440 and row["booked_minutes"] == 60
    conflicts = (await client.get(f"/api/admin/analytics/conflicts?{q}", headers=admin.headers)).json()
    assert conflicts["auto_refunded"] == 0
    bad = await client.get("/api/admin/analytics/revenue?from=2026-02-01&to=2026-01-01",
                           headers=admin.headers)
    assert bad.status_code == 422
