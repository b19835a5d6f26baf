"""Sign-in endpoints are rate limited per client address."""

from __future__ import annotations


async def test_sign_in_is_limited_per_minute(client_with) -> None:
    async with client_with(auth_rate_per_minute=3, redis_url=None) as other:
        statuses = [(await other.post("/api/auth/dev-login", json={"telegram_id": 5, "role": "FREE"}))
                    .status_code for _ in range(4)]
        refused = await other.post("/api/auth/dev-login", json={"telegram_id": 5, "role": "FREE"})
    assert statuses == [200, 200, 200, 429]
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert int(refused.headers["retry-after"]) >= 1
