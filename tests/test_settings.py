"""Settings come from the environment; production refuses to start without its secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import SettingsError, load_settings

PRODUCTION = {
    "PNP_ENV": "production",
    "PNP_JWT_SECRET": "s" * 40,
    "TELEGRAM_BOT_TOKEN": "1:abc",
    "DATABASE_URL": "postgresql://db/pnp",
}


@pytest.mark.parametrize("missing", ["PNP_JWT_SECRET", "TELEGRAM_BOT_TOKEN", "DATABASE_URL"])
def test_production_names_the_missing_secret(missing: str) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    with pytest.raises(SettingsError, match=missing):
        load_settings(env)


def test_production_refuses_dev_login() -> None:
    with pytest.raises(SettingsError, match="PNP_DEV_LOGIN"):
        load_settings({**PRODUCTION, "PNP_DEV_LOGIN": "1"})


def test_reads_the_documented_variables(tmp_path: Path) -> None:
    settings = load_settings({
        "HOST": "0.0.0.0", "PORT": "9000", "DATABASE_URL": "postgresql://x/y",
        "REDIS_URL": "redis://r:6379/0", "PNP_DEV_LOGIN": "1", "TELEGRAM_BOT_TOKEN": "1:t",
        "TELEGRAM_INIT_DATA_MAX_AGE": "0", "ICE_HOST_ADDRESSES": "127.0.0.1, 10.0.0.1",
        "PNP_VAR_DIR": str(tmp_path), "REDIS_CLUSTER": "1",
    })
    assert (settings.host, settings.port) == ("0.0.0.0", 9000) and settings.redis_cluster
    assert settings.database_url == "postgresql://x/y" and settings.redis_url == "redis://r:6379/0"
    assert settings.dev_login and settings.telegram_init_data_max_age == 0
    assert settings.ice_host_addresses == ("127.0.0.1", "10.0.0.1")


def test_development_keeps_one_jwt_secret_across_restarts(tmp_path: Path) -> None:
    env = {"PNP_VAR_DIR": str(tmp_path)}
    assert load_settings(env).jwt_secret == load_settings(env).jwt_secret


@pytest.mark.parametrize(("name", "value"), [("PORT", "eighty"), ("TELEGRAM_INIT_DATA_MAX_AGE", "-5")])
def test_rejects_malformed_numbers(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({"PNP_VAR_DIR": str(tmp_path), name: value})
