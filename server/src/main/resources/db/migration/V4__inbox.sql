-- Durable per-user events (seed 004's websocket_message_events, done fully). Times are epoch milliseconds (UTC).
--
-- user_inbox holds each user's counter: last_seq is the last sequence number given out (it only grows, so a
-- number is never reused even after retention deleted every event), acked_seq the highest the user acked.
CREATE TABLE user_inbox (
    user_id   VARCHAR(128) NOT NULL PRIMARY KEY,
    last_seq  BIGINT       NOT NULL,
    acked_seq BIGINT       NOT NULL
);

-- One row per event. seq is given in the transaction that makes the event due (at once, or when its
-- scheduled_at comes), so seq order is delivery order: 1, 2, 3 per user, with no gap. A scheduled event waits
-- with seq NULL. status: pending (stored, not yet handed to a socket), sent (handed to a live socket, waiting for
-- the ack), delivered (acked).
CREATE TABLE user_events (
    id           ${id_pk},
    user_id      VARCHAR(128) NOT NULL,
    seq          BIGINT,
    event_type   VARCHAR(64)  NOT NULL,
    payload      TEXT         NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    scheduled_at BIGINT       NOT NULL,
    sent_at      BIGINT,
    delivered_at BIGINT,
    created_at   BIGINT       NOT NULL
);
CREATE UNIQUE INDEX user_events_user_seq ON user_events (user_id, seq);
-- The sweep's three questions: what fell due, what waits too long for its ack, what is past retention.
CREATE INDEX user_events_due ON user_events (scheduled_at) WHERE seq IS NULL;
-- An event changes status twice (pending, sent, delivered) and every index that holds status is rewritten each
-- time; the sweep needs only the events waiting for their ack (a partial index of just those) and what is past
-- retention (by due time, written once).
CREATE INDEX user_events_awaiting_ack ON user_events (sent_at) WHERE status = 'sent';
CREATE INDEX user_events_scheduled ON user_events (scheduled_at);
