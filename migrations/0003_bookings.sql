-- Bookings and holds. A hold is a booking in status 'held' with an expiry.
CREATE TABLE pnp_bookings (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id         bigint NOT NULL REFERENCES pnp_models (id) ON DELETE RESTRICT,
    client_id        bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    status           text NOT NULL DEFAULT 'held' CHECK (status IN (
                         'held', 'pending_payment', 'confirmed', 'in_progress', 'completed',
                         'cancelled', 'expired', 'refunded', 'no_show')),
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    hold_user_id     bigint REFERENCES users (id) ON DELETE SET NULL,
    hold_expires_at  timestamptz,
    price_cents      integer NOT NULL CHECK (price_cents >= 0),
    currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    idempotency_key  text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    is_instant       boolean NOT NULL DEFAULT false,
    notes            text NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
    cancelled_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    cancel_reason    text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (ends_at = starts_at + make_interval(mins => duration_minutes)),
    CHECK (status <> 'held' OR (hold_user_id IS NOT NULL AND hold_expires_at IS NOT NULL)),
    UNIQUE (client_id, idempotency_key),
    -- No double booking, by construction: two live bookings of one model never overlap.
    CONSTRAINT pnp_bookings_no_overlap EXCLUDE USING gist (
        int8range(model_id, model_id, '[]') WITH &&,
        tstzrange(starts_at, ends_at) WITH &&
    ) WHERE (status IN ('held', 'pending_payment', 'confirmed', 'in_progress'))
);
CREATE INDEX pnp_bookings_model_time_idx ON pnp_bookings (model_id, starts_at);
CREATE INDEX pnp_bookings_client_idx ON pnp_bookings (client_id, starts_at DESC);
CREATE INDEX pnp_bookings_status_idx ON pnp_bookings (status, starts_at);
CREATE INDEX pnp_bookings_hold_expiry_idx ON pnp_bookings (hold_expires_at)
    WHERE status IN ('held', 'pending_payment');

CREATE TRIGGER pnp_bookings_touch BEFORE UPDATE ON pnp_bookings
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Who joined a booked call or live room, and when (no-show detection, utilization).
CREATE TABLE pnp_room_joins (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room       text NOT NULL CHECK (room ~ '^(live|call):[0-9]+$'),
    booking_id bigint REFERENCES pnp_bookings (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    action     text NOT NULL CHECK (action IN ('publish', 'play')),
    joined_at  timestamptz NOT NULL DEFAULT now(),
    left_at    timestamptz,
    CHECK (left_at IS NULL OR left_at >= joined_at)
);
CREATE INDEX pnp_room_joins_booking_idx ON pnp_room_joins (booking_id, user_id);
CREATE INDEX pnp_room_joins_room_idx ON pnp_room_joins (room, joined_at DESC);

CREATE TABLE pnp_reviews (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id  bigint NOT NULL UNIQUE REFERENCES pnp_bookings (id) ON DELETE CASCADE,
    model_id    bigint NOT NULL REFERENCES pnp_models (id) ON DELETE CASCADE,
    client_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating      smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body        text NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
    hidden      boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pnp_reviews_model_idx ON pnp_reviews (model_id, created_at DESC) WHERE NOT hidden;
