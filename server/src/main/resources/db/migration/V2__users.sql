-- The users of the live-sync app (seed 002). Times are epoch milliseconds (UTC), the same on both databases.
-- version counts changes, for If-Match and for telling a stale edit from a good one.
CREATE TABLE users (
    id         ${id_pk},
    first_name VARCHAR(150) NOT NULL,
    last_name  VARCHAR(150) NOT NULL,
    created_at BIGINT       NOT NULL,
    updated_at BIGINT       NOT NULL,
    version    BIGINT       NOT NULL
);
