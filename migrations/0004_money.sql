-- Payments, provider events (each processed once) and the append-only ledger.
CREATE TABLE payments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id    bigint NOT NULL REFERENCES pnp_bookings (id) ON DELETE RESTRICT,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    provider      text NOT NULL CHECK (provider IN ('sandbox', 'stripe', 'crypto')),
    provider_ref  text NOT NULL,
    status        text NOT NULL DEFAULT 'created' CHECK (status IN (
                      'created', 'pending', 'succeeded', 'failed', 'cancelled', 'refunded',
                      'partially_refunded')),
    amount_cents  integer NOT NULL CHECK (amount_cents >= 0),
    refunded_cents integer NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
    currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (refunded_cents <= amount_cents),
    UNIQUE (provider, provider_ref)
);
CREATE INDEX payments_booking_idx ON payments (booking_id);
CREATE INDEX payments_user_idx ON payments (user_id, created_at DESC);

CREATE TRIGGER payments_touch BEFORE UPDATE ON payments
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE payment_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider     text NOT NULL CHECK (provider IN ('sandbox', 'stripe', 'crypto')),
    event_id     text NOT NULL,
    event_type   text NOT NULL,
    payment_id   bigint REFERENCES payments (id) ON DELETE SET NULL,
    payload      jsonb NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, event_id)
);

-- Money is a ledger: revenue, earnings and balances are sums over these rows.
-- amount_cents is signed from the platform's point of view per kind (see docs).
CREATE TABLE ledger_entries (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('charge', 'commission', 'model_earning', 'refund', 'payout')),
    booking_id   bigint REFERENCES pnp_bookings (id) ON DELETE RESTRICT,
    payment_id   bigint REFERENCES payments (id) ON DELETE RESTRICT,
    model_id     bigint REFERENCES pnp_models (id) ON DELETE RESTRICT,
    user_id      bigint REFERENCES users (id) ON DELETE RESTRICT,
    amount_cents bigint NOT NULL,
    currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    available_at timestamptz NOT NULL DEFAULT now(),
    memo         text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (kind NOT IN ('model_earning', 'payout') OR model_id IS NOT NULL)
);
CREATE INDEX ledger_entries_model_idx ON ledger_entries (model_id, created_at);
CREATE INDEX ledger_entries_booking_idx ON ledger_entries (booking_id);
CREATE INDEX ledger_entries_created_idx ON ledger_entries (created_at);

CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
