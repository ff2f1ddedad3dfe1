-- Idempotency keys of backend writes (POST /api/inbox/events, POST /api/publish): a retry with the same
-- Idempotency-Key gets the first answer and changes nothing. fingerprint is a SHA-256 of what the request asked
-- for, so that a key reused for another request is refused rather than answered with someone else's result.
-- result is the first answer (JSON), NULL while the request that claimed the key is still being served. Rows
-- older than the retention (24 h) are deleted by a periodic purge. Times are epoch milliseconds (UTC).
CREATE TABLE idempotency_keys (
    scope       VARCHAR(32)  NOT NULL,
    idem_key    VARCHAR(300) NOT NULL,
    fingerprint VARCHAR(64)  NOT NULL,
    result      TEXT,
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
