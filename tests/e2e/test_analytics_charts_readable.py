"""An admin reads the analytics charts on the demo data, at desktop width in English and at phone
width in Spanish: value ticks on each axis, every label whole and inside its chart, a bar's value on
hover and on keyboard focus, each chart's table holding the numbers the API answers, and not one
CSP violation on the way."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Locator, Page

from app.seed import seed_if_empty
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_page_csp_no_violations import COLLECT

API = {"revenue": ("/api/admin/analytics/revenue?period=day", "series", "gross_cents"),
       "utilization": ("/api/admin/analytics/utilization", "models", "utilization"),
       "moderation": ("/api/admin/moderation/analytics", "by_category_action", "count")}
GEOMETRY = """(svg) => {
  const box = (el) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  return { svg: box(svg), texts: [...svg.querySelectorAll("text")].map((t) => ({
    kind: t.getAttribute("class"), text: t.textContent, box: box(t),
    label: t.closest(".datum")?.dataset.label ?? null })) };
}"""
TEXTS = "(els) => els.map((e) => e.textContent)"


async def answers(client: Any, headers: dict[str, str]) -> dict[str, list[Any]]:
    out = {}
    for name, (path, key, field) in API.items():
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, response.text
        out[name] = [row[field] for row in response.json()[key]]
    return out


async def check_geometry(chart: Locator) -> None:
    shape = await chart.locator("svg").evaluate(GEOMETRY)
    left, top, right, bottom = shape["svg"]
    ticks = [t for t in shape["texts"] if "tick" in t["kind"]]
    assert len(ticks) >= 2 and all(t["text"].strip() for t in ticks), ticks
    labels = [t for t in shape["texts"] if "label" in t["kind"]]
    assert labels
    for text in shape["texts"]:
        x0, y0, x1, y1 = text["box"]
        inside = x0 >= left - 0.5 and y0 >= top - 0.5 and x1 <= right + 0.5 and y1 <= bottom + 0.5
        assert inside, (text, shape["svg"])
    for label in labels:  # wrapped lines joined again give the whole label
        assert label["text"].replace(" ", "") == label["label"].replace(" ", ""), label


async def check_hover_and_focus(page: Page, chart: Locator) -> None:
    data = chart.locator(".datum")
    tip = chart.locator(".chart-tip")
    first = data.first
    await first.hover()
    await tip.wait_for()
    cells = await chart.locator("tbody tr").first.locator("td").evaluate_all(TEXTS)
    assert await tip.inner_text() == "\n".join([await first.get_attribute("data-label") or "", *cells])
    await page.mouse.move(0, 0)
    await tip.wait_for(state="hidden")
    if await data.count() > 1:
        await first.focus()
        await page.keyboard.press("ArrowRight")
        second = data.nth(1)
        assert await second.evaluate("(el) => el === document.activeElement")
        label, value = await second.get_attribute("data-label"), await second.get_attribute("data-value")
        assert (await tip.inner_text()).startswith(f"{label}\n{value}")


async def check_table(chart: Locator, expected: list[Any], name: str) -> None:
    await chart.locator("details summary").click()
    cells = chart.locator("tbody tr td:first-of-type")
    assert await cells.count() == len(expected)
    values = [await c.get_attribute("data-value") for c in await cells.all()]
    assert values == ["" if v is None else str(v) for v in expected], (name, values, expected)
    texts = await cells.all_inner_texts()
    assert all(texts)
    if name == "moderation":  # counts are shown as they are
        assert texts == [str(v) for v in expected]
    labels = await chart.locator("tbody th").all_inner_texts()
    assert labels == await chart.locator(".datum").evaluate_all("(els) => els.map((e) => e.dataset.label)")


async def test_admin_reads_the_analytics_charts(open_browser, sign_in, base_url, client, login, conn,
                                                tmp_path):
    assert await seed_if_empty(conn, uploads_dir=tmp_path)
    expected = await answers(client, await login("ADMIN"))
    assert all(expected.values()), expected
    for viewport, language, table in ((DESKTOP, "en", "Table of values"), (PHONE, "es", "Tabla de valores")):
        phone = viewport is PHONE
        context = await open_browser(viewport=viewport, is_mobile=phone, has_touch=phone)
        page = context.pages[0] if context.pages else await context.new_page()
        console: list[str] = []
        page.on("console", lambda m, seen=console: seen.append(m.text) if "Policy" in m.text else None)
        await page.add_init_script(COLLECT)
        await sign_in(page, "ADMIN")
        if language != "en":
            await page.locator("#lang").select_option(language)
            await page.wait_for_function(f"() => document.documentElement.lang === '{language}'")
        await page.goto(f"{base_url}/#/admin/analytics")
        for name in API:
            chart = page.locator(f"[data-chart={name}]")
            await chart.locator("svg .datum").first.wait_for()
            assert await chart.locator("details summary").inner_text() == table
            await check_geometry(chart)
            await check_hover_and_focus(page, chart)
            await check_table(chart, expected[name], name)
        assert await page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert await page.evaluate("window.__violations") == []
        assert console == []
