"""GET /api/models: text search, online, price range, language, tag, sorting and paging."""

from __future__ import annotations

import httpx
import pytest

CATALOG = [  # name, languages, tags, prices (minutes, cents), online
    ("Alba Dance", ["es"], ["dance"], [(30, 3000)], True),
    ("Bea Music", ["en"], ["music", "chat"], [(30, 6000), (60, 9000)], False),
    ("Cris Chat", ["es", "en"], ["chat"], [(15, 1500)], True),
]


@pytest.fixture
async def catalog(client: httpx.AsyncClient, login) -> dict[str, int]:
    admin = await login("ADMIN")
    ids = {}
    for name, languages, tags, prices, online in CATALOG:
        response = await client.post("/api/admin/models", headers=admin, json={
            "display_name": name, "bio": "Hello.", "languages": languages, "tags": tags,
            "prices": [{"duration_minutes": m, "price_cents": c} for m, c in prices]})
        ids[name] = response.json()["id"]
        if online:
            await client.put(f"/api/admin/models/{ids[name]}", headers=admin, json={"is_online": True})
    return ids


async def names(client: httpx.AsyncClient, **params) -> list[str]:
    response = await client.get("/api/models", params=params)
    assert response.status_code == 200, response.text
    return [m["display_name"] for m in response.json()["items"]]


@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "music"}, ["Bea Music"]),
    ({"q": "chat", "sort": "price"}, ["Cris Chat", "Bea Music"]),
    ({"online": "true", "sort": "price"}, ["Cris Chat", "Alba Dance"]),
    ({"min_price": 2000, "max_price": 4000}, ["Alba Dance"]),
    ({"max_price": 1500}, ["Cris Chat"]),
    ({"language": "en", "sort": "price"}, ["Cris Chat", "Bea Music"]),
    ({"tag": "dance"}, ["Alba Dance"]),
    ({"q": "100%_"}, []),
])
async def test_filters(client: httpx.AsyncClient, catalog, params: dict, expected: list[str]) -> None:
    assert await names(client, **params) == expected


async def test_rating_sort_puts_unrated_last(client: httpx.AsyncClient, catalog, conn) -> None:
    await conn.execute("UPDATE pnp_models SET rating_avg = 4.5, rating_count = 2 WHERE id = $1",
                       catalog["Bea Music"])
    assert (await names(client, sort="rating"))[0] == "Bea Music"


async def test_paging_reports_the_total(client: httpx.AsyncClient, catalog) -> None:
    page = (await client.get("/api/models", params={"limit": 2, "offset": 2, "sort": "price"})).json()
    assert page["total"] == 3 and [m["display_name"] for m in page["items"]] == ["Bea Music"]
    assert page["items"][0]["prices"] == [
        {"duration_minutes": 30, "price_cents": 6000, "currency": "USD"},
        {"duration_minutes": 60, "price_cents": 9000, "currency": "USD"}]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1000}, {"sort": "age"}, {"language": "fr"},
                                    {"min_price": -1}, {"min_price": 500, "max_price": 100}])
async def test_bad_filters_are_422(client: httpx.AsyncClient, params: dict) -> None:
    response = await client.get("/api/models", params=params)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
