-- The write half of placing a hold, in one round trip. Each statement of a VOLATILE plpgsql
-- function takes a fresh snapshot, so the counts below see everything committed before the
-- advisory locks were granted. The exclusion constraints still decide overlaps: the INSERT is
-- speculative (ON CONFLICT DO NOTHING, every constraint an arbiter), so racing holds wait for
-- the winner's commit instead of deadlocking, and the losers insert nothing.
-- Outcomes: held (booking_id), replay (booking_id of this client's key), taken, limit, day_full.
CREATE FUNCTION pnp_place_hold(
    p_model bigint, p_client bigint, p_start timestamptz, p_duration integer, p_hold_seconds integer,
    p_price integer, p_currency text, p_key text, p_instant boolean, p_notes text,
    p_buffer_before integer, p_buffer_after integer, p_max_live integer,
    p_max_per_day integer, p_day_start timestamptz, p_day_end timestamptz)
RETURNS TABLE (outcome text, booking_id bigint, released bigint[])
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id bigint;
    v_released bigint[];
BEGIN
    -- One user's holds queue here, across instances: at most p_max_live unpaid holds.
    PERFORM pg_advisory_xact_lock(hashtextextended('pnp:holds:' || p_client, 0));
    IF (SELECT count(*) FROM pnp_bookings
        WHERE hold_user_id = p_client AND status IN ('held', 'pending_payment')
          AND hold_expires_at >= now()) >= p_max_live THEN
        RETURN QUERY SELECT 'limit'::text, NULL::bigint, '{}'::bigint[];
        RETURN;
    END IF;
    IF p_max_per_day IS NOT NULL THEN
        -- The model's day: the same per-model lock reschedules take.
        PERFORM pg_advisory_xact_lock(hashtextextended('pnp:model:' || p_model, 0));
        IF (SELECT count(*) FROM pnp_bookings
            WHERE model_id = p_model AND starts_at >= p_day_start AND starts_at < p_day_end
              AND (status IN ('confirmed', 'in_progress', 'completed')
                   OR (status IN ('held', 'pending_payment')
                       AND (hold_expires_at IS NULL OR hold_expires_at >= now())))) >= p_max_per_day THEN
            RETURN QUERY SELECT 'day_full'::text, NULL::bigint, '{}'::bigint[];
            RETURN;
        END IF;
    END IF;
    -- Stale holds of this model stop occupying their ranges before the insert meets the constraints.
    WITH gone AS (
        UPDATE pnp_bookings SET status = 'expired'
        WHERE model_id = p_model AND status IN ('held', 'pending_payment') AND hold_expires_at < now()
        RETURNING id)
    SELECT coalesce(array_agg(id), '{}') INTO v_released FROM gone;
    INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
                              hold_user_id, hold_expires_at, price_cents, currency, idempotency_key,
                              is_instant, notes, buffer_before_min, buffer_after_min)
    VALUES (p_model, p_client, 'held', p_start, p_start + make_interval(mins => p_duration), p_duration,
            p_client, now() + make_interval(secs => p_hold_seconds), p_price, p_currency, p_key,
            p_instant, p_notes, p_buffer_before, p_buffer_after)
    ON CONFLICT DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NOT NULL THEN
        RETURN QUERY SELECT 'held'::text, v_id, v_released;
        RETURN;
    END IF;
    SELECT id INTO v_id FROM pnp_bookings WHERE client_id = p_client AND idempotency_key = p_key;
    RETURN QUERY SELECT CASE WHEN v_id IS NULL THEN 'taken' ELSE 'replay' END, v_id, v_released;
END;
$$;
