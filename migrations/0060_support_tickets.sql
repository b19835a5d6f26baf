-- Support contact: a user opens a ticket, admins answer it (each answer a row).
CREATE TABLE support_tickets (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject    text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    message    text NOT NULL CHECK (length(message) BETWEEN 1 AND 4000),
    status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_tickets_user_idx ON support_tickets (user_id, created_at DESC);
CREATE INDEX support_tickets_open_idx ON support_tickets (created_at) WHERE status = 'open';

CREATE TABLE support_ticket_replies (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id  bigint NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
    author_id  bigint REFERENCES users (id) ON DELETE SET NULL,
    message    text NOT NULL CHECK (length(message) BETWEEN 1 AND 4000),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_ticket_replies_ticket_idx ON support_ticket_replies (ticket_id, id);
