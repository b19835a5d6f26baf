"""Which providers exist: in production the sandbox needs its own secret and crypto an API key;
outside production both work with nothing configured (secrets derived from the JWT secret)."""

from __future__ import annotations

from app.payments.providers import build
from core.config import Settings, load_settings


def _production(**env: str) -> Settings:
    base = {"PNP_ENV": "production", "PNP_JWT_SECRET": "p" * 40, "TELEGRAM_BOT_TOKEN": "1:x",
            "DATABASE_URL": "postgresql://db/pnp"}
    return load_settings({**base, **env})


def test_production_without_payment_settings_has_no_provider() -> None:
    assert build(_production()) == {}


def test_production_with_everything() -> None:
    found = build(_production(PNP_SANDBOX_WEBHOOK_SECRET="s" * 32, STRIPE_SECRET_KEY="sk_live_x",
                              STRIPE_WEBHOOK_SECRET="whsec_x", NOWPAYMENTS_API_KEY="np",
                              NOWPAYMENTS_IPN_SECRET="ipn"))
    assert sorted(found) == ["crypto", "sandbox", "stripe"]
    assert found["crypto"].ipn_secret == "ipn"  # type: ignore[attr-defined]


def test_development_derives_secrets(tmp_path) -> None:
    settings = load_settings({"PNP_VAR_DIR": str(tmp_path)})
    found = build(settings)
    assert sorted(found) == ["crypto", "sandbox"]
    assert found["sandbox"].secret and found["sandbox"].secret != settings.jwt_secret  # type: ignore[attr-defined]


def test_production_crypto_needs_its_ipn_secret() -> None:
    assert "crypto" not in build(_production(NOWPAYMENTS_API_KEY="np"))
