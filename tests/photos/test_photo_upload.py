"""Photos: real JPEG/PNG/WebP only, re-encoded into three sizes, served with cache headers."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image


def image_bytes(fmt: str, size: tuple[int, int] = (300, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 120)).save(out, fmt)
    return out.getvalue()


@pytest.fixture
async def model(client: httpx.AsyncClient, login) -> tuple[dict[str, str], int]:
    headers = await login("MODEL")
    return headers, (await client.get("/api/model/me", headers=headers)).json()["id"]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
async def test_accepted_formats_become_three_jpeg_sizes(client: httpx.AsyncClient, model, fmt: str) -> None:
    headers, model_id = model
    response = await client.post("/api/model/me/photo", headers=headers,
                                 files={"file": ("me.img", image_bytes(fmt), "application/octet-stream")})
    assert response.status_code == 200, response.text
    photo = response.json()["photo"]
    for name, side in (("small", 160), ("medium", 300), ("large", 300)):
        served = await client.get(photo[name])
        assert served.status_code == 200 and "max-age=31536000" in served.headers["cache-control"]
        image = Image.open(io.BytesIO(served.content))
        assert image.format == "JPEG" and max(image.size) == side
    public = (await client.get(f"/api/models/{model_id}", headers=headers)).json()
    assert public["photo"] == photo


async def test_admin_uploads_for_any_model(client: httpx.AsyncClient, model, login) -> None:
    _, model_id = model
    response = await client.post(f"/api/admin/models/{model_id}/photo", headers=await login("ADMIN"),
                                 files={"file": ("a.png", image_bytes("PNG"), "image/png")})
    assert response.status_code == 200 and response.json()["photo"] is not None


@pytest.mark.parametrize(("payload", "status"), [
    (b"GIF89a" + b"\x00" * 100, 415),
    (b"%PDF-1.4 not an image", 415),
    (image_bytes("GIF"), 415),
    (image_bytes("PNG", (20, 20)), 422),
    (b"", 422),
])
async def test_anything_else_is_refused(client: httpx.AsyncClient, model, payload: bytes,
                                        status: int) -> None:
    headers, _ = model
    response = await client.post("/api/model/me/photo", headers=headers,
                                 files={"file": ("x", payload, "image/png")})
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_oversized_uploads_are_413(client: httpx.AsyncClient, model) -> None:
    headers, _ = model
    response = await client.post("/api/model/me/photo", headers=headers,
                                 files={"file": ("big.jpg", b"\xff" * 9_000_000, "image/jpeg")})
    assert response.status_code == 413


async def test_missing_file_field_is_422(client: httpx.AsyncClient, model) -> None:
    headers, _ = model
    response = await client.post("/api/model/me/photo", headers=headers,
                                 files={"picture": ("x.png", image_bytes("PNG"), "image/png")})
    assert response.status_code == 422 and "file" in response.json()["detail"]
