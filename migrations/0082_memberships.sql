-- PRIME membership (decision 0082): a payment is for exactly one booking or one membership plan,
-- and each paid or granted period of PRIME is a row. Periods of one user are chained: a renewal
-- starts when the previous period ends, so the end of the chain is the end of PRIME.
ALTER TABLE payments ALTER COLUMN booking_id DROP NOT NULL;
ALTER TABLE payments
    ADD COLUMN membership_plan text CHECK (membership_plan IN ('prime_30', 'prime_90')),
    ADD CONSTRAINT payments_for_booking_or_membership
        CHECK ((booking_id IS NULL) <> (membership_plan IS NULL));

-- One open membership checkout per user: a second one cancels the first (or fails here, 23505).
CREATE UNIQUE INDEX payments_one_open_membership ON payments (user_id)
    WHERE membership_plan IS NOT NULL AND status IN ('created', 'pending');

CREATE TABLE memberships (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    -- UNIQUE: one period per payment, however often its success is delivered.
    payment_id  bigint UNIQUE REFERENCES payments (id) ON DELETE RESTRICT,
    plan        text CHECK (plan IN ('prime_30', 'prime_90')),
    granted_by  bigint REFERENCES users (id) ON DELETE RESTRICT,
    reason      text CHECK (reason IS NULL OR length(btrim(reason)) BETWEEN 1 AND 500),
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    cut_at      timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    -- paid (payment and plan) or complimentary (granted by an admin, with a reason)
    CHECK ((payment_id IS NOT NULL AND plan IS NOT NULL AND granted_by IS NULL)
           OR (payment_id IS NULL AND plan IS NULL AND granted_by IS NOT NULL AND reason IS NOT NULL))
);
CREATE INDEX memberships_user_idx ON memberships (user_id, ends_at DESC);
CREATE INDEX memberships_live_end_idx ON memberships (ends_at) WHERE cut_at IS NULL;
