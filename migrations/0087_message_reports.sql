-- A user's report of a chat message joins the classifier's flags in the same review queue.
-- `action` stays what the classifier did with the text: a report of a delivered message is
-- 'allow' (a miss when upheld) or 'flag'.
ALTER TABLE stream_chat_violations
    ADD COLUMN source text NOT NULL DEFAULT 'classifier' CHECK (source IN ('classifier', 'report')),
    ADD COLUMN message_id text CHECK (length(message_id) <= 64),
    ADD COLUMN report_reason text
        CHECK (report_reason IN ('S', 'H', 'V', 'HR', 'SH', 'S3', 'H2', 'V2', 'other')),
    ADD COLUMN reported_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD CONSTRAINT stream_chat_violations_report_check
        CHECK ((source = 'report') = (report_reason IS NOT NULL AND message_id IS NOT NULL)),
    DROP CONSTRAINT stream_chat_violations_action_check,
    ADD CONSTRAINT stream_chat_violations_action_check
        CHECK (action IN ('flag', 'block') OR (source = 'report' AND action = 'allow'));
-- One report per reporter and message: a second one is refused, not counted twice.
CREATE UNIQUE INDEX stream_chat_violations_one_report_idx
    ON stream_chat_violations (reported_by, message_id) WHERE source = 'report';
