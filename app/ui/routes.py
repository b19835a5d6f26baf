"""What the browser app needs to know before anyone signs in."""

from __future__ import annotations

from litestar import Router, get
from litestar.datastructures import State

from app.auth.guards import public
from app.ui.schemas import UiConfig


@get("/api/config", guards=[public], tags=["ui"])
async def ui_config(state: State) -> UiConfig:
    settings = state.settings
    return UiConfig(dev_login=settings.dev_login,
                    telegram_bot_username=settings.telegram_bot_username,
                    languages=["es", "en"], model_approval=settings.model_approval)


router = Router(path="/", route_handlers=[ui_config])
