-- A version per model that the availability cache keys on (app/availability/cache.py). Every write
-- that can change a model's bookable slots bumps it in the same transaction, so a reader that sees
-- the write also sees the new version. Statement triggers with transition tables bump each model
-- once per statement, in model_id order (two multi-model writers, e.g. two sweepers, cannot
-- deadlock on these rows); a statement that changes no row (a losing hold) takes no lock.
CREATE TABLE availability_state (
    model_id bigint PRIMARY KEY,  -- no foreign key: a model is soft-deleted, its id never reused
    version  bigint NOT NULL
);

-- plpgsql, not sql: its statement's plan is cached per session (a sql function is planned per call).
CREATE FUNCTION bump_availability_versions(p_models bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(p_models) > 0 THEN
        INSERT INTO availability_state AS s (model_id, version)
        SELECT DISTINCT m, 1 FROM unnest(p_models) m WHERE m IS NOT NULL ORDER BY m
        ON CONFLICT (model_id) DO UPDATE SET version = s.version + 1;
    END IF;
END;
$$;

-- Rules, blocked time, one-off slots and prices: any row change counts.
CREATE FUNCTION bump_availability_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bump_availability_versions(ARRAY(SELECT model_id FROM new_rows));
    RETURN NULL;
END;
$$;
CREATE FUNCTION bump_availability_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bump_availability_versions(ARRAY(SELECT model_id FROM old_rows));
    RETURN NULL;
END;
$$;
CREATE FUNCTION bump_availability_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bump_availability_versions(ARRAY(
        SELECT model_id FROM new_rows UNION SELECT model_id FROM old_rows));
    RETURN NULL;
END;
$$;

-- Bookings: a change of status, range, buffers or expiry (not notes, price or updated_at).
CREATE FUNCTION bump_availability_on_booking_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bump_availability_versions(ARRAY(
        SELECT unnest(ARRAY[o.model_id, n.model_id]) FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (o.model_id, o.status, o.starts_at, o.ends_at, o.occupied, o.hold_expires_at)
              IS DISTINCT FROM (n.model_id, n.status, n.starts_at, n.ends_at, n.occupied, n.hold_expires_at)));
    RETURN NULL;
END;
$$;

-- Models: only the settings the slots read (presence, ratings and profile text do not count).
CREATE FUNCTION bump_availability_on_model_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bump_availability_versions(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (o.visibility, o.timezone, o.buffer_before_min, o.buffer_after_min, o.min_notice_min,
               o.booking_window_days, o.slot_interval_min, o.max_bookings_per_day, o.deleted_at)
              IS DISTINCT FROM
              (n.visibility, n.timezone, n.buffer_before_min, n.buffer_after_min, n.min_notice_min,
               n.booking_window_days, n.slot_interval_min, n.max_bookings_per_day, n.deleted_at)));
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['pnp_model_schedules', 'pnp_model_blocked_dates', 'pnp_availability',
                             'pnp_model_prices', 'pnp_bookings'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_availability_ins AFTER INSERT ON %1$I
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
            EXECUTE FUNCTION bump_availability_on_insert()', t);
        EXECUTE format('CREATE TRIGGER %1$s_availability_del AFTER DELETE ON %1$I
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
            EXECUTE FUNCTION bump_availability_on_delete()', t);
        EXECUTE format('CREATE TRIGGER %1$s_availability_upd AFTER UPDATE ON %1$I
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
            EXECUTE FUNCTION %2$s()', t,
            CASE WHEN t = 'pnp_bookings' THEN 'bump_availability_on_booking_update'
                 ELSE 'bump_availability_on_update' END);
    END LOOP;
END;
$$;
CREATE TRIGGER pnp_models_availability_upd AFTER UPDATE ON pnp_models
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION bump_availability_on_model_update();

-- The cache key also carries the first lapse of a live hold: past it the hold frees its slot with
-- no write at all (the sweeper writes later), so the key changes by itself at that instant.
CREATE INDEX pnp_bookings_model_hold_expiry_idx ON pnp_bookings (model_id, hold_expires_at)
    WHERE status IN ('held', 'pending_payment');
