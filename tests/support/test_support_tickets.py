"""A user opens a ticket; only they and admins see it; an admin's answer notifies the user."""

from __future__ import annotations


async def test_ticket_opened_answered_and_seen_by_owner_and_admin(client, login, conn):
    free = await login("FREE")
    other = await login("PRIME")
    admin = await login("ADMIN")
    opened = await client.post("/api/support/tickets", headers=free,
                               json={"subject": "Payment", "message": "My card was charged twice"})
    assert opened.status_code == 201, opened.text
    ticket = opened.json()
    assert ticket["status"] == "open" and ticket["replies"] == []

    mine = (await client.get("/api/support/tickets", headers=free)).json()
    assert [t["id"] for t in mine["items"]] == [ticket["id"]]
    assert (await client.get("/api/support/tickets", headers=other)).json()["total"] == 0
    everyone = (await client.get("/api/support/tickets?status=open", headers=admin)).json()
    assert ticket["id"] in [t["id"] for t in everyone["items"]]

    answered = await client.post(f"/api/admin/support/tickets/{ticket['id']}/reply", headers=admin,
                                 json={"message": "Refunded the second charge"})
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "answered"
    assert [r["message"] for r in answered.json()["replies"]] == ["Refunded the second charge"]
    kinds = await conn.fetch(
        "SELECT kind, payload FROM notifications WHERE user_id = $1", ticket["user_id"])
    assert [(k["kind"], k["payload"]["ticket_id"]) for k in kinds] == [("support.reply", ticket["id"])]


async def test_reply_to_unknown_ticket_is_404_and_non_admin_is_403(client, login):
    admin = await login("ADMIN")
    missing = await client.post("/api/admin/support/tickets/999999/reply", headers=admin,
                                json={"message": "hello"})
    assert missing.status_code == 404
    denied = await client.post("/api/admin/support/tickets/1/reply", headers=await login("MODERATOR"),
                               json={"message": "hello"})
    assert denied.status_code == 403


async def test_blank_subject_is_rejected_naming_the_field(client, login):
    response = await client.post("/api/support/tickets", headers=await login("FREE"),
                                 json={"subject": "", "message": "x"})
    assert response.status_code == 422
    assert "subject" in response.text
