"""`pnp_relay_viewers` counts the viewers this instance's relay serves."""

from __future__ import annotations

import httpx
from prometheus_client import REGISTRY


def viewers() -> float:
    return REGISTRY.get_sample_value("pnp_relay_viewers") or 0.0


async def test_a_viewer_is_counted_while_it_watches(client: httpx.AsyncClient, login, whip, whep) -> None:
    model = await login("MODEL")
    model_id = (await client.get("/api/model/me", headers=model)).json()["id"]
    assert (await whip(f"live:{model_id}", model)).status_code == 201
    before = viewers()
    watching = await whep(f"live:{model_id}", {})
    assert watching.status_code == 201
    assert viewers() == before + 1
    assert (await client.delete(watching.headers["location"])).status_code == 200
    assert viewers() == before
