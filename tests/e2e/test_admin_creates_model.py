"""An admin creates a model with two prices and a photo in the browser; the API agrees."""

from __future__ import annotations

import io

from PIL import Image


def _png(tmp_path):
    path = tmp_path / "portrait.png"
    image = Image.new("RGB", (256, 256), (200, 80, 160))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


async def test_admin_creates_model_with_prices_and_photo(page, sign_in, client, login, tmp_path):
    await sign_in(page, "ADMIN")
    await page.get_by_role("link", name="Manage models").click()
    await page.get_by_role("button", name="New model").click()
    editor = page.locator("#model-editor")
    await editor.get_by_label("Display name").fill("Nadia Noir")
    await editor.get_by_label("Username").fill("nadia_noir")
    await editor.get_by_label("Bio").fill("Jazz singer and late-night talks")
    await editor.get_by_label("Spanish").check()
    await editor.get_by_label("Tags").fill("music, chat")
    await editor.get_by_label("Visibility").select_option("prime")
    await editor.get_by_label("Time zone").fill("Europe/Madrid")
    for minutes, price in (("30", "45.00"), ("60", "80.50")):
        await editor.get_by_role("button", name="Add a price").click()
        row = editor.locator(".price-row").last
        await row.get_by_label("Minutes").fill(minutes)
        await row.get_by_label("Price").fill(price)
    await editor.get_by_label("Photo").set_input_files(_png(tmp_path))
    await editor.get_by_role("button", name="Save").click()
    await editor.get_by_text("Saved.").wait_for()
    await page.get_by_role("link", name="Nadia Noir").wait_for()

    models = (await client.get("/api/admin/models", headers=await login("ADMIN"))).json()["items"]
    nadia = next(m for m in models if m["display_name"] == "Nadia Noir")
    assert nadia["username"] == "nadia_noir" and nadia["visibility"] == "prime"
    assert sorted(nadia["languages"]) == ["en", "es"] and nadia["tags"] == ["music", "chat"]
    assert [(p["duration_minutes"], p["price_cents"]) for p in nadia["prices"]] == [(30, 4500), (60, 8050)]
    assert nadia["photo"] is not None
    thumb = page.locator(f"img[src='{nadia['photo']['small']}']").first
    await thumb.wait_for()
    assert await thumb.evaluate("img => img.complete && img.naturalWidth > 0")
