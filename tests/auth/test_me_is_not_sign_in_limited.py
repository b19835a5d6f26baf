"""The sign-in limit counts sign-ins only: a signed-in user's own endpoints are not counted."""

from __future__ import annotations


async def test_me_and_onboarding_are_not_counted(client_with) -> None:
    async with client_with(auth_rate_per_minute=1, redis_url=None) as other:
        signed_in = await other.post("/api/auth/dev-login", json={"telegram_id": 6, "role": "FREE"})
        bearer = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        mine = [(await other.get("/api/me", headers=bearer)).status_code for _ in range(3)]
        onboarding = await other.post("/api/me/onboarding", headers=bearer, json={
            "language": "en", "terms_accepted": True, "adult_confirmed": True})
        again = await other.post("/api/auth/dev-login", json={"telegram_id": 6, "role": "FREE"})
    assert mine == [200, 200, 200]
    assert onboarding.status_code == 200, onboarding.text
    assert again.status_code == 429
