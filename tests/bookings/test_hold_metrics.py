"""`pnp_holds_created_total` counts holds once they are committed; a refused hold is not one."""

from __future__ import annotations

from prometheus_client import REGISTRY


def created() -> float:
    return REGISTRY.get_sample_value("pnp_holds_created_total") or 0.0


async def test_a_hold_is_counted_and_a_refused_one_is_not(client, bearer, make_user, make_model,
                                                          slot) -> None:
    first, second, model_id = await make_user(), await make_user(), await make_model()
    start = slot()
    before = created()
    for user, key, status in ((first, "m1", 201), (second, "m2", 409)):
        response = await client.post("/api/bookings", headers={**bearer(user), "Idempotency-Key": key},
                                     json={"model_id": model_id, "start": start.isoformat(),
                                           "duration_minutes": 60})
        assert response.status_code == status, response.text
    assert created() == before + 1
