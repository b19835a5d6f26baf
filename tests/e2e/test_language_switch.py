"""Spanish for a Spanish browser, English after switching, and the choice survives a reload."""

from __future__ import annotations


async def test_spanish_browser_gets_spanish_and_can_switch(open_browser, base_url):
    context = await open_browser(locale="es-ES")
    page = context.pages[0] if context.pages else await context.new_page()
    await page.goto(base_url + "/")
    await page.get_by_role("heading", name="Modelos", level=1).wait_for()
    assert await page.evaluate("document.documentElement.lang") == "es"
    assert await page.get_by_role("button", name="Buscar").count() == 1

    await page.get_by_label("Idioma", exact=True).first.select_option("en")
    await page.get_by_role("heading", name="Models", level=1).wait_for()
    await page.reload()
    await page.get_by_role("heading", name="Models", level=1).wait_for()
    assert await page.evaluate("document.documentElement.lang") == "en"

