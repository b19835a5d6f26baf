"""What the browser app needs to know before anyone signs in."""

from __future__ import annotations

import msgspec
from litestar import Router, get
from litestar.datastructures import State

from app.auth.guards import public


class UiConfig(msgspec.Struct):
    dev_login: bool
    telegram_bot_username: str | None
    languages: list[str]
    model_approval: bool  # PNP_MODEL_APPROVAL: the admins' models page shows its approval queue


@get("/api/config", guards=[public], tags=["ui"])
async def ui_config(state: State) -> UiConfig:
    settings = state.settings
    return UiConfig(dev_login=settings.dev_login,
                    telegram_bot_username=settings.telegram_bot_username,
                    languages=["es", "en"], model_approval=settings.model_approval)


router = Router(path="/", route_handlers=[ui_config])
