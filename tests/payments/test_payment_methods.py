"""The browser asks which checkout methods exist here before offering them."""

from __future__ import annotations


async def test_configured_methods_are_listed(client) -> None:
    body = (await client.get("/api/payments/methods")).json()
    assert body == {"methods": ["sandbox", "stripe", "crypto"], "stripe_publishable_key": "pk_test_pnp"}
