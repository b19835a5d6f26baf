"""Data the namespace scenarios set up over HTTP, through the same endpoints the app uses."""

from __future__ import annotations

import asyncio

import httpx
from harness import api_headers

MODEL_ID, CLIENT_ID, CLIENT2_ID, MODERATOR_ID, ADMIN_ID = 5001, 5002, 5003, 5004, 5005


async def model_with_prices(base: str, *, always_open: bool = False) -> int:
    """The MODEL account 5001 with a 30-minute price (and, if asked, open around the clock)."""
    headers = await api_headers(base, "MODEL", MODEL_ID, "pending_model")
    async with httpx.AsyncClient(base_url=base, headers=headers) as http:
        me = (await http.put("/api/model/me", json={
            "display_name": "Pending Paula", "bio": "Evening calls.",
            "prices": [{"duration_minutes": 30, "price_cents": 3000}],
            "timezone": "UTC"})).raise_for_status().json()
        if always_open:
            await http.put("/api/model/me/availability/settings", json={"min_notice_min": 0})
            for weekday in range(1, 8):
                (await http.post("/api/model/me/availability/weekly", json={
                    "weekday": weekday, "start_minute": 0, "end_minute": 1440})).raise_for_status()
    return int(me["id"])


async def confirmed_call_now(base: str, model_id: int) -> int:
    """An instant booking starting now, paid in the sandbox: a call that may be joined at once."""
    client = await api_headers(base, "PRIME", CLIENT_ID, "pending_client")
    admin = await api_headers(base, "ADMIN", ADMIN_ID, "pending_admin")
    async with httpx.AsyncClient(base_url=base) as http:
        (await http.put(f"/api/admin/models/{model_id}", headers=admin,
                        json={"is_online": True})).raise_for_status()
        booking = (await http.post("/api/bookings", headers={**client, "Idempotency-Key": "call-now"},
                                   json={"model_id": model_id, "duration_minutes": 30, "instant": True}))
        booking_id = int(booking.raise_for_status().json()["id"])
        checkout = (await http.post(f"/api/bookings/{booking_id}/checkout", headers=client,
                                    json={"method": "sandbox"})).raise_for_status().json()
        (await http.post(checkout["url"] + "/pay")).raise_for_status()
        for _ in range(100):  # the sandbox's signed webhook arrives in the background
            status = (await http.get(f"/api/bookings/{booking_id}", headers=client)).json()["status"]
            if status == "confirmed":
                return booking_id
            await asyncio.sleep(0.1)
    raise AssertionError(f"booking {booking_id} is still {status}")
