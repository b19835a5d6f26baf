-- pnp_place_hold (0011) and the booking it placed or replayed, in one round trip. A wrapper, not a
-- join: each statement of a VOLATILE plpgsql function takes a fresh snapshot, so the row inserted
-- (or committed by a racing replay) is visible to the SELECT below; one SQL statement would not see it.
-- The columns are app/bookings/queries.py COLUMNS; all NULL but outcome/released when nothing was placed.
CREATE FUNCTION pnp_hold(
    p_model bigint, p_client bigint, p_start timestamptz, p_duration integer, p_hold_seconds integer,
    p_price integer, p_currency text, p_key text, p_instant boolean, p_notes text,
    p_buffer_before integer, p_buffer_after integer, p_max_live integer,
    p_max_per_day integer, p_day_start timestamptz, p_day_end timestamptz)
RETURNS TABLE (outcome text, released bigint[], id bigint, model_id bigint, client_id bigint, status text,
               starts_at timestamptz, ends_at timestamptz, duration_minutes integer, hold_user_id bigint,
               hold_expires_at timestamptz, price_cents integer, currency text, is_instant boolean,
               notes text, cancelled_by bigint, cancel_reason text, refund_cents integer,
               buffer_before_min integer, buffer_after_min integer, created_at timestamptz,
               updated_at timestamptz, model_user_id bigint)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    placed record;
BEGIN
    SELECT * INTO placed FROM pnp_place_hold(p_model, p_client, p_start, p_duration, p_hold_seconds,
        p_price, p_currency, p_key, p_instant, p_notes, p_buffer_before, p_buffer_after, p_max_live,
        p_max_per_day, p_day_start, p_day_end);
    RETURN QUERY
    SELECT placed.outcome, placed.released, b.id, b.model_id, b.client_id, b.status, b.starts_at,
           b.ends_at, b.duration_minutes, b.hold_user_id, b.hold_expires_at, b.price_cents, b.currency,
           b.is_instant, b.notes, b.cancelled_by, b.cancel_reason, b.refund_cents, b.buffer_before_min,
           b.buffer_after_min, b.created_at, b.updated_at,
           (SELECT m.user_id FROM pnp_models m WHERE m.id = b.model_id)
    FROM (SELECT 1) one LEFT JOIN pnp_bookings b ON b.id = placed.booking_id;
END;
$$;
