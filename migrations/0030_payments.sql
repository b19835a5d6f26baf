-- Payments: what the browser needs to pay, one open checkout per booking, one charge per payment.
ALTER TABLE payments
    ADD COLUMN client_data jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(client_data) = 'object');

-- One open checkout per booking: switching method cancels the open one first.
CREATE UNIQUE INDEX payments_one_open_per_booking ON payments (booking_id)
    WHERE status IN ('created', 'pending');

-- A payment is charged into the ledger at most once, whatever replays or races do.
CREATE UNIQUE INDEX ledger_entries_one_charge_per_payment ON ledger_entries (payment_id)
    WHERE kind = 'charge';
CREATE INDEX ledger_entries_kind_created_idx ON ledger_entries (kind, created_at);
CREATE INDEX ledger_entries_user_idx ON ledger_entries (user_id, created_at) WHERE user_id IS NOT NULL;
CREATE INDEX payment_events_payment_idx ON payment_events (payment_id);
