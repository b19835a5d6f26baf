-- Booking engine: buffers by construction, refunds owed on cancel, conflict decisions.

-- Buffers are snapshotted per booking; `occupied` is the booked range widened by them. A second
-- exclusion over `occupied` makes "too close to another session" impossible, like an overlap.
-- (timestamptz ± interval is only STABLE, so a trigger fills the column, not an index expression.)
ALTER TABLE pnp_bookings
    ADD COLUMN buffer_before_min integer NOT NULL DEFAULT 0 CHECK (buffer_before_min BETWEEN 0 AND 240),
    ADD COLUMN buffer_after_min  integer NOT NULL DEFAULT 0 CHECK (buffer_after_min BETWEEN 0 AND 240),
    ADD COLUMN occupied          tstzrange,
    ADD COLUMN refund_cents      integer CHECK (refund_cents >= 0);

CREATE FUNCTION pnp_bookings_fill_occupied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.occupied := tstzrange(NEW.starts_at - make_interval(mins => NEW.buffer_before_min),
                              NEW.ends_at + make_interval(mins => NEW.buffer_after_min));
    RETURN NEW;
END;
$$;

CREATE TRIGGER pnp_bookings_occupied BEFORE INSERT OR UPDATE OF starts_at, ends_at,
    buffer_before_min, buffer_after_min ON pnp_bookings
    FOR EACH ROW EXECUTE FUNCTION pnp_bookings_fill_occupied();

UPDATE pnp_bookings SET occupied = tstzrange(starts_at, ends_at);
ALTER TABLE pnp_bookings ALTER COLUMN occupied SET NOT NULL;
ALTER TABLE pnp_bookings ADD CONSTRAINT pnp_bookings_occupied_check
    CHECK (occupied @> tstzrange(starts_at, ends_at));

ALTER TABLE pnp_bookings ADD CONSTRAINT pnp_bookings_no_overlap_buffered EXCLUDE USING gist (
    int8range(model_id, model_id, '[]') WITH &&,
    occupied WITH &&
) WHERE (status IN ('held', 'pending_payment', 'confirmed', 'in_progress'));

-- An admin looked at a conflicting booking and kept it: it leaves the queue until it moves.
CREATE TABLE pnp_booking_conflict_decisions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id  bigint NOT NULL REFERENCES pnp_bookings (id) ON DELETE CASCADE,
    starts_at   timestamptz NOT NULL,
    decision    text NOT NULL CHECK (decision IN ('kept')),
    actor_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (booking_id, starts_at)
);
