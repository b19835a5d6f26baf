from __future__ import annotations

import msgspec


class UiConfig(msgspec.Struct):
    dev_login: bool
    telegram_bot_username: str | None
    languages: list[str]
    model_approval: bool  # PNP_MODEL_APPROVAL: the admins' models page shows its approval queue
